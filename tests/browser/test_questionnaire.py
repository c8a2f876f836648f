"""The questionnaire in a real browser: answers saved as they are typed, errors, accessibility."""

import pytest

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
