"""``{% fr_table %}``: the DSFR table frame, written once."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from pytest_django.asserts import assertHTMLEqual

BODY = "<thead><tr><th scope='col'>Nom</th></tr></thead><tbody><tr><td>{{ name }}</td></tr></tbody>"


def _frame(caption: str, classes: str = "", label: str | None = None) -> str:
    return f"""
        <div class="fr-table{classes}">
          <div class="fr-table__wrapper">
            <div class="fr-table__container" tabindex="0" role="region"
                 aria-label="{caption if label is None else label}">
              <div class="fr-table__content">
                <table>
                  <caption>{caption}</caption>
                  <thead><tr><th scope="col">Nom</th></tr></thead>
                  <tbody><tr><td>Saint-Denis &lt;93&gt;</td></tr></tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
    """


def _render(text: str, **context) -> str:
    return Template("{% load tables %}" + text).render(
        Context({"name": "Saint-Denis <93>", **context})
    )


def test_a_table_with_a_caption_argument():
    html = _render('{% fr_table "Membres et rôles" %}' + BODY + "{% endfr_table %}")

    assertHTMLEqual(html, _frame("Membres et rôles"))


def test_a_caption_variable_is_escaped_and_classes_are_added():
    html = _render(
        '{% fr_table caption|upper class="fr-table--sm "|add:extra %}' + BODY + "{% endfr_table %}",
        caption="Scores <100>",
        extra="map-table",
    )

    assertHTMLEqual(html, _frame("SCORES &lt;100&gt;", " fr-table--sm map-table"))


def test_a_caption_block_mixes_text_and_tags():
    html = _render(
        "{% fr_table %}\n  Évaluations {% if pages > 1 %}(page 2 sur {{ pages }}){% endif %}\n"
        "{% fr_table_body %}" + BODY + "{% endfr_table %}",
        pages=3,
    )

    assertHTMLEqual(html, _frame("Évaluations (page 2 sur 3)"))


def test_the_scrolling_region_is_named_by_the_caption_text():
    html = _render(
        "{% fr_table %}Scores de {{ name }} <span class='fr-sr-only'>(sur 100)</span>"
        "{% fr_table_body %}" + BODY + "{% endfr_table %}",
    )

    assertHTMLEqual(
        html,
        _frame(
            "Scores de Saint-Denis &lt;93&gt; <span class='fr-sr-only'>(sur 100)</span>",
            label="Scores de Saint-Denis &lt;93&gt; (sur 100)",
        ),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{% fr_table %}" + BODY + "{% endfr_table %}", "needs a caption"),
        ('{% fr_table "A" %}B{% fr_table_body %}' + BODY + "{% endfr_table %}", "not both"),
        ('{% fr_table "A" id="x" %}{% endfr_table %}', "class=… at most"),
        ('{% fr_table "A" "B" %}{% endfr_table %}', "class=… at most"),
    ],
)
def test_a_table_written_wrong_is_refused(text, message):
    with pytest.raises(TemplateSyntaxError, match=message):
        _render(text)
