"""Contributing to a debate with the keyboard alone, in a real browser; axe finds no serious
or critical violation on the debates' pages."""

import pytest

from territoires.commons.enums import CommunKind
from territoires.debates.models import Contribution, Participant
from tests.accounts.factories import UserFactory
from tests.browser.conftest import serious_violations, sign_in_browser
from tests.commons.factories import CommunFactory
from tests.debates.factories import (
    CitizenFactory,
    CollectiviteFactory,
    ContributionFactory,
    DebateFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.textContent")


def test_a_citizen_contributes_and_supports_with_the_keyboard(site, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    debate = DebateFactory(open=True, title="La 5G au village")
    ContributionFactory(participant__debate=debate, text="Partager les pylônes.")
    citizen = CitizenFactory(email="camille@exemple.fr")
    sign_in_browser(page, site, citizen)
    page.goto(site + debate.get_absolute_url())
    assert serious_violations(page) == []

    # The charter: tick it, keep « pseudonyme », type one, submit with Enter.
    page.locator("#id_accept").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page) == "id_pseudonym"
    page.keyboard.type("Camille du bourg")
    page.keyboard.press("Enter")
    page.get_by_text("Charte acceptée").wait_for(timeout=10_000)
    assert Participant.objects.get(user=citizen).display_name == "Camille du bourg"

    # A contribution: type it, choose the first question with the arrows, submit.
    page.locator("#id_text").focus()
    page.keyboard.type("Mesurer les ondes près des écoles.")
    page.keyboard.press("Tab")
    assert focused(page) == "id_question"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert focused(page).strip() == "Publier ma contribution"
    page.keyboard.press("Enter")
    page.get_by_text("Contribution publiée. Merci !").wait_for(timeout=10_000)
    mine = Contribution.objects.get(text="Mesurer les ondes près des écoles.")
    assert mine.question == debate.questions.get(position=1)
    assert serious_violations(page) == []

    # A support of the other contribution, from its button.
    page.get_by_role("button", name="Soutenir la contribution de Pseudo-0").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Soutien enregistré.").wait_for(timeout=10_000)
    assert page.get_by_text("Vous soutenez cette contribution").is_visible()
    assert serious_violations(page) == []


def test_the_national_list_its_map_and_the_statistics_are_accessible(site, page):
    debate = DebateFactory(open=True)
    ContributionFactory(participant__debate=debate)

    page.goto(site + "/debats/")
    assert page.get_by_role("heading", name="Les débats par département").is_visible()
    assert serious_violations(page) == []
    page.goto(site + f"/debats/{debate.pk}/statistiques/")
    assert page.get_by_role("heading", name="Contributions par question").is_visible()
    assert serious_violations(page) == []


def test_a_referents_pages_are_accessible(site, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    referent = UserFactory(email="ref@village.fr")
    organisation = CollectiviteFactory(referents=[referent])
    debate = DebateFactory(organisation=organisation)
    kit = CommunFactory(name="Kit 5G", kind=CommunKind.CONSULTATION_KIT, description="- Où ?")
    sign_in_browser(page, site, referent)

    for path in (
        debate.get_absolute_url(),
        f"/debats/{debate.pk}/documents/",
        f"/debats/{debate.pk}/modifier/",
        kit.get_absolute_url(),
        f"/debats/kits/{kit.slug}/reutiliser/",
    ):
        page.goto(site + path)
        assert serious_violations(page) == [], path
    page.get_by_role("button", name="Créer le brouillon").press("Enter")
    page.get_by_text("Brouillon créé à partir du kit").wait_for(timeout=10_000)
