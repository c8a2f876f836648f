"""The questionnaire in a real browser: answers saved as they are typed, errors, accessibility."""

import pytest

from territoires.observatory.enums import AnswerStatus
from territoires.observatory.framework import IndicatorType
from territoires.observatory.models import Answer, AnswerChange
from territoires.observatory.selectors import asked_indicators
from tests.browser.conftest import serious_violations, sign_in_browser
from tests.observatory.conftest import start, url, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def signed_in(site, world, page):  # noqa: F811
    """The browser signed in as a member of Nevers, whose assessment is started."""
    sign_in_browser(page, site, world["member"])
    return start(world)


def percentage_question(assessment):
    return next(
        indicator
        for indicator in asked_indicators(assessment).values()
        if indicator.type == IndicatorType.PERCENTAGE
    )


def test_an_answer_is_saved_as_it_is_typed(site, page, signed_in, world):  # noqa: F811
    indicator = percentage_question(signed_in)
    page.goto(site + url("assessment_axis", signed_in, indicator.axis))
    state = page.locator(f"#etat-{indicator.code}")
    field = page.locator(f"#question-{indicator.code} input.fr-input")

    field.fill("42")
    state.get_by_text("Réponse enregistrée.").wait_for(timeout=10_000)

    answer = Answer.objects.get(assessment=signed_in, indicator_code=indicator.code)
    assert answer.value == 42
    assert AnswerChange.objects.filter(assessment=signed_in, new_value=42).exists()

    field.fill("150")
    expected = "Saisissez un pourcentage de 0 à 100, par exemple 42 ou 42,5."
    state.get_by_text(expected).wait_for(timeout=10_000)
    answer.refresh_from_db()
    assert answer.value == 42
    assert serious_violations(page) == []


def test_assessment_page_is_accessible(site, page, signed_in):
    page.goto(site + url("assessment", signed_in))

    assert "Nevers" in page.content()
    assert serious_violations(page) == []


def test_the_skip_link_leads_to_the_first_question_in_three_tab_presses(site, page, signed_in):
    page.goto(site + url("assessment_axis", signed_in, "LAB"))
    first_question = page.locator("[data-question]").first.get_attribute("id")

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Questions de l’axe"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.closest('[data-question]')?.id")
    assert focused == first_question
    assert serious_violations(page) == []


def test_non_concerne_and_an_answer_exclude_each_other(site, page, signed_in):
    page.goto(site + url("assessment_axis", signed_in, "LAB"))
    option, none, not_concerned = (
        page.locator("#LAB-04-valeur-recherche"),
        page.locator("#LAB-04-aucune"),
        page.locator("#LAB-04-nc"),
    )
    state = page.locator("#etat-LAB-04")

    page.click("label[for=LAB-04-valeur-recherche]")
    state.get_by_text("Réponse enregistrée.").wait_for(timeout=10_000)
    page.click("label[for=LAB-04-nc]")
    state.get_by_text("Enregistré : non concerné.").wait_for(timeout=10_000)
    assert (option.is_checked(), not_concerned.is_checked()) == (False, True)

    page.reload()
    assert (option.is_checked(), not_concerned.is_checked()) == (False, True)
    page.click("label[for=LAB-04-aucune]")
    state.get_by_text("Réponse enregistrée.").wait_for(timeout=10_000)
    assert (none.is_checked(), not_concerned.is_checked()) == (True, False)
    with page.expect_response("**/reponses/LAB-04/"):
        page.click("label[for=LAB-04-valeur-recherche]")
    assert (option.is_checked(), none.is_checked()) == (True, False)
    answer = Answer.objects.get(assessment=signed_in, indicator_code="LAB-04")
    assert (answer.status, answer.value) == (AnswerStatus.ANSWERED, 1 << 1)

    # A typed number and « Non concerné » too.
    field = page.locator("#LAB-02-valeur")
    field.fill("3")
    page.locator("#etat-LAB-02").get_by_text("Réponse enregistrée.").wait_for(timeout=10_000)
    page.click("label[for=LAB-02-nc]")
    page.locator("#etat-LAB-02").get_by_text("Enregistré : non concerné.").wait_for(timeout=10_000)
    assert field.input_value() == ""
    field.fill("4")
    page.locator("#etat-LAB-02").get_by_text("Réponse enregistrée.").wait_for(timeout=10_000)
    assert not page.locator("#LAB-02-nc").is_checked()
