"""Numbers as a user reads them: one way per measure (core/formats.py and its filters)."""

from django.template import Context, Template

from territoires.core.formats import counted, number, percent, score

NARROW = "\u202f"


def test_counts_have_thousands_and_say_none_in_words():
    assert number(4025) == f"4{NARROW}025"
    assert number(1234567) == f"1{NARROW}234{NARROW}567"
    assert number(1234.5) == f"1{NARROW}234,5"
    assert number(12.25) == "12,25"
    assert counted(0, "une commune") == "aucune commune"
    assert counted(0, "un territoire trouvé") == "aucun territoire trouvé"
    assert counted(1, "une commune") == "1 commune"
    assert counted(2, "une collectivité engagée") == "2 collectivités engagées"
    assert counted(4025, "une commune") == f"4{NARROW}025 communes"
    epci = "un EPCI à fiscalité propre/EPCI à fiscalité propre"
    assert counted(0, epci) == "aucun EPCI à fiscalité propre"
    assert counted(3, epci) == "3 EPCI à fiscalité propre"


def test_a_score_always_has_one_decimal_and_a_percentage_none():
    assert [score(value) for value in (44.0, 45, 47.24, 47.25, 0, 100)] == [
        "44,0",
        "45,0",
        "47,2",
        "47,3",  # half up, not to even
        "0,0",
        "100,0",
    ]
    assert score(None) == "non calculé"
    assert [percent(value) for value in (89.47, 55.56, 0.5, 100)] == ["89", "56", "1", "100"]


def test_the_template_filters_are_the_same_functions():
    template = Template(
        "{% load numbers %}{{ n|number }}|{{ index|score }}|{{ share|percent }} %"
        '|{{ zero|counted:"une commune" }}|{{ missing|score }}'
    )
    text = template.render(Context({"n": 4025, "index": 45, "share": 66.7, "zero": 0}))
    assert text == f"4{NARROW}025|45,0|67 %|aucune commune|"
