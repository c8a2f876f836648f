"""« Mon organisation » in a real browser: a référent manages invitations with the keyboard."""

import pytest

from territoires.accounts.models import Invitation
from tests.accounts.conftest import organisation_url, world  # noqa: F401  (fixture)
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
