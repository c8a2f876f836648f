"""E-mails as templates: rendered as plain text (nothing HTML-escaped), the subject on one line,
received as written by a real SMTP server."""

import pytest
import time_machine

from territoires.accounts.enums import Role
from territoires.accounts.models import Membership, Organisation, User
from territoires.accounts.services import invitation_send

pytestmark = pytest.mark.django_db


def test_an_invitation_is_rendered_from_its_templates_as_plain_text(smtp_server, settings):
    settings.SITE_URL = "https://territoires.example"
    settings.INVITATION_VALIDITY_DAYS = 30
    organisation = Organisation.objects.create(
        name="Numérique & Territoires <Ain>", siren="200012345", kind="opsn"
    )
    referent = User.objects.create_user("ref@ain.fr", first_name="Anne", last_name="O’Hara")
    Membership.objects.create(organisation=organisation, user=referent, role=Role.REFERENT)

    with time_machine.travel("2026-11-01 23:30 +00:00", tick=False):
        _, email = invitation_send(
            actor=referent, organisation=organisation, email="agent@ain.fr", role=Role.REFERENT
        )

    email.refresh_from_db()
    assert email.status == "sent"
    [received] = smtp_server.received
    assert received.to == "agent@ain.fr"
    assert received.subject == (
        "Invitation à rejoindre Numérique & Territoires <Ain> sur Territoires numériques"
    )
    # Sent on 2 November in Paris (23:30 UTC on the 1st), valid for 30 days: a French date.
    assert received.body == (
        "Bonjour,\n\n"
        "Anne O’Hara vous invite à rejoindre l’espace de Numérique & Territoires <Ain> sur "
        "Territoires numériques, avec le rôle « Référent ».\n\n"
        "Connectez-vous avec ProConnect, avec cette adresse électronique : "
        "https://territoires.example/compte/connexion/\n\n"
        "Cette invitation est valable jusqu’au 2 décembre 2026.\n"
    )
