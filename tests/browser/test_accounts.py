"""« Mon organisation » in a real browser: a référent manages invitations with the keyboard;
staff reads who asks to join before the form that decides."""

import pytest

from territoires.accounts.models import Invitation, MembershipRequest
from tests.accounts.conftest import organisation_url, world  # noqa: F401  (fixture)
from tests.accounts.factories import UserFactory
from tests.browser.conftest import serious_violations, sign_in_browser

pytestmark = pytest.mark.django_db(transaction=True)

INVITED = "nouvelle.agente@lyon.fr"


def test_a_referent_cancels_an_invitation_with_the_keyboard(site, page, world):  # noqa: F811
    invitation = Invitation.objects.create(organisation=world["lyon"], email=INVITED)
    sign_in_browser(page, site, world["lyon_referent"])
    page.goto(site + organisation_url(world["lyon"]))
    assert serious_violations(page) == []

    cancel = page.get_by_role("button", name=f"Annuler l’invitation à {INVITED}")
    cancel.focus()
    page.keyboard.press("Enter")
    page.get_by_text(f"Invitation à {INVITED} annulée.").wait_for(timeout=10_000)

    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None
    assert page.get_by_role("button", name=f"Annuler l’invitation à {INVITED}").count() == 0
    assert serious_violations(page) == []


def test_staff_reads_who_asks_before_the_decision_form(site, page, world):  # noqa: F811
    agent = UserFactory(
        email="sophie.lefebvre@opsn.exemple.fr", first_name="Sophie", last_name="Lefebvre"
    )
    item = MembershipRequest.objects.create(user=agent, siren="200012345", siret="20001234500018")
    sign_in_browser(page, site, world["staff"])
    page.goto(site + "/equipe/demandes/")

    section = page.locator(f"section[aria-labelledby='demande-{item.pk}']")

    def top(locator) -> float:
        box = locator.first.bounding_box()
        assert box is not None and box["height"] > 0
        return box["y"]

    facts = [
        section.get_by_text("Sophie Lefebvre (sophie.lefebvre@opsn.exemple.fr)"),
        section.get_by_text("200012345", exact=True),
        section.get_by_text("20001234500018", exact=True),
        section.get_by_text("SIREN inconnu : l’accepter crée l’organisation."),
        section.get_by_text("Date de la demande"),
    ]
    form = section.locator("form")
    decision = section.get_by_role("radio", name="Accepter")
    first_field = min(top(form), top(decision))
    assert all(top(fact) < first_field for fact in facts)
    assert serious_violations(page) == []
