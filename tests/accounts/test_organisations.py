"""Organisations, memberships and roles: the permission matrix, checked on the server."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from territoires.accounts import services
from territoires.accounts.enums import AuditAction, OrganisationKind, RequestStatus, Role
from territoires.accounts.models import (
    AuditEvent,
    Invitation,
    Membership,
    MembershipRequest,
    Organisation,
)
from territoires.core.errors import BusinessError
from tests.accounts.conftest import organisation_url, sign_in, signed_in_user
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.observatory.conftest import visible_text

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


# ------------------------------------------------------------------ reading


def test_anonymous_is_sent_to_sign_in(client, world):
    url = organisation_url(world["lyon"])
    assertRedirects(client.get(url), f"{reverse('accounts:login')}?next={url}")


@pytest.mark.parametrize("who", ["lyon_member", "lyon_referent"])
def test_a_member_of_one_collectivite_cannot_see_another(client, world, who):
    client.force_login(world[who])

    assert client.get(organisation_url(world["marseille"])).status_code == 404
    assert client.get(organisation_url(world["lyon"])).status_code == 200


@pytest.mark.parametrize(
    ("who", "sees_management"),
    [("lyon_member", False), ("lyon_referent", True), ("staff", True)],
)
def test_members_see_members_only_referents_and_staff_see_management(
    client, world, who, sees_management
):
    client.force_login(world[who])

    response = client.get(organisation_url(world["lyon"]))

    assertContains(response, "Membres et rôles")
    assertContains(response, "membre@lyon.fr")
    if sees_management:
        assertContains(response, "Envoyer l’invitation")
        assertContains(response, "Changer le rôle")
    else:
        assertNotContains(response, "Envoyer l’invitation")
        assertNotContains(response, "Changer le rôle")


def button_names(page: str) -> list[str]:
    """The accessible name of each button: its text, visually hidden parts included."""
    return [
        " ".join(re.sub(r"<[^>]+>", "", button).split())
        for button in re.findall(r"<button\b[^>]*>(.*?)</button>", page, re.S)
    ]


def test_each_member_row_has_buttons_named_after_the_member(client, world):
    client.force_login(world["lyon_referent"])

    names = button_names(client.get(organisation_url(world["lyon"])).content.decode())

    assert {
        "Changer le rôle de Ref",
        "Retirer Ref de l’organisation",
        "Changer le rôle de Membre",
        "Retirer Membre de l’organisation",
    } <= set(names)
    assert "Changer le rôle" not in names
    row_buttons = [name for name in names if name.startswith(("Changer", "Retirer"))]
    assert len(row_buttons) == len(set(row_buttons)) == 4


# ------------------------------------------------------------------ changing


@pytest.mark.parametrize("who", ["lyon_member", "lyon_referent"])
def test_nobody_changes_another_collectivite(client, world, who):
    client.force_login(world[who])
    target = world["m"]["marseille_member"]

    responses = [
        client.post(
            organisation_url(world["marseille"], "organisation_invite"),
            {"email": "x@y.fr", "role": "membre"},
        ),
        client.post(
            organisation_url(world["marseille"], "membership_role", target.pk), {"role": "referent"}
        ),
        client.post(organisation_url(world["marseille"], "membership_remove", target.pk)),
        # Another organisation's membership through one's own organisation's URL.
        client.post(
            organisation_url(world["lyon"], "membership_role", target.pk), {"role": "referent"}
        ),
    ]

    # A member cannot manage even their own organisation (403); a référent can, but not
    # another organisation's membership through it (404).
    assert [r.status_code for r in responses] == [
        404,
        404,
        404,
        403 if who == "lyon_member" else 404,
    ]
    target.refresh_from_db()
    assert target.role == Role.MEMBRE
    assert not Invitation.objects.exists()


def test_a_member_cannot_manage_members(client, world):
    client.force_login(world["lyon_member"])
    referent = world["m"]["lyon_referent"]

    invite = client.post(
        organisation_url(world["lyon"], "organisation_invite"),
        {"email": "a@b.fr", "role": "referent"},
    )
    promote = client.post(
        organisation_url(world["lyon"], "membership_role", world["m"]["lyon_member"].pk),
        {"role": "referent"},
    )
    remove = client.post(organisation_url(world["lyon"], "membership_remove", referent.pk))

    assert [invite.status_code, promote.status_code, remove.status_code] == [403, 403, 403]
    assertContains(remove, "Accès refusé", status_code=403)
    assertContains(
        remove, "Seuls les référents de l’organisation gèrent ses membres.", status_code=403
    )
    assert Membership.objects.filter(organisation=world["lyon"], role=Role.REFERENT).count() == 1
    assert Membership.objects.filter(pk=referent.pk).exists()
    assert not Invitation.objects.exists()


def test_a_referent_invites_by_email(client, world, smtp_server, settings):
    settings.SITE_URL = "https://territoires.example/"
    with time_machine.travel(datetime(2026, 11, 23, 10, tzinfo=PARIS)):
        client.force_login(world["lyon_referent"])
        response = client.post(
            organisation_url(world["lyon"], "organisation_invite"),
            {"email": "Nouvelle.Agente@Lyon.fr", "role": "referent"},
            follow=True,
        )

    assertContains(response, "Invitation envoyée à nouvelle.agente@lyon.fr")
    invitation = Invitation.objects.get()
    assert invitation.email == "nouvelle.agente@lyon.fr"
    assert invitation.invited_by == world["lyon_referent"]
    [received] = smtp_server.received
    assert received.recipients == ["nouvelle.agente@lyon.fr"]
    assert received.to == "nouvelle.agente@lyon.fr"
    assert received.subject == "Invitation à rejoindre Lyon sur Territoires numériques"
    assert received.body == (
        "Bonjour,\n\n"
        "Ref vous invite à rejoindre l’espace de Lyon sur Territoires numériques, avec le rôle "
        "« Référent ».\n\n"
        "Connectez-vous avec ProConnect, avec cette adresse électronique : "
        "https://territoires.example/compte/connexion/\n\n"
        "Cette invitation est valable jusqu’au 23 décembre 2026.\n"
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.INVITATION_SENT, actor=world["lyon_referent"]
    ).exists()


def test_an_invalid_invitation_changes_nothing_and_says_why(client, world, smtp_server):
    client.force_login(world["lyon_referent"])

    response = client.post(
        organisation_url(world["lyon"], "organisation_invite"),
        {"email": "pas-une-adresse", "role": "membre"},
        follow=True,
    )
    again = client.post(
        organisation_url(world["lyon"], "organisation_invite"),
        {"email": "membre@lyon.fr", "role": "membre"},
        follow=True,
    )

    assertContains(response, "Saisissez une adresse électronique valide", status_code=400)
    assertContains(again, "déjà membre de l’organisation", status_code=400)
    assert not Invitation.objects.exists()
    assert not smtp_server.received


def invitation_field(page: str, name: str) -> str:
    """The DSFR group of the invitation form's field ``name``: its input and its messages."""
    form = re.search(r'<form[^>]*action="[^"]*/inviter/".*?</form>', page, re.S)
    assert form, "no invitation form on the page"
    groups = re.split(r'(?=<div class="fr-(?:input|select)-group)', form.group(0))
    matching = [group for group in groups if f'name="{name}"' in group]
    assert len(matching) == 1, f"no field {name} in the invitation form"
    return matching[0]


@pytest.mark.parametrize(
    ("email", "role", "message"),
    [
        ("pas-une-adresse", "referent", "Saisissez une adresse électronique valide"),
        ("membre@lyon.fr", "referent", "déjà membre de l’organisation"),
    ],
)
def test_a_refused_invitation_shows_its_error_on_the_field_and_keeps_what_was_typed(
    client, world, smtp_server, email, role, message
):
    client.force_login(world["lyon_referent"])

    response = client.post(
        organisation_url(world["lyon"], "organisation_invite"), {"email": email, "role": role}
    )

    assert response.status_code == 400
    page = response.content.decode()
    field = invitation_field(page, "email")
    assert "fr-input-group--error" in field
    assert message in field
    assert 'aria-invalid="true"' in field
    assert f'value="{email}"' in field
    assert re.search(r'<option value="referent"[^>]*selected', invitation_field(page, "role"))
    # Not a page alert: the message is said once, under its field.
    assert page.count(message) == 1
    assert not Invitation.objects.exists()


def test_an_address_too_long_for_the_database_is_refused_in_french(client, world, smtp_server):
    # Valid for the e-mail validator (labels under 64 characters), 300 characters long: the
    # column holds 254.
    email = "agent@" + ".".join(["a" * 62] * 4) + "." + "b" * 39 + ".fr"
    assert len(email) == 300
    client.force_login(world["lyon_referent"])

    response = client.post(
        organisation_url(world["lyon"], "organisation_invite"),
        {"email": email, "role": "membre"},
        follow=True,
    )

    assert response.status_code == 400
    assertContains(
        response, "L’adresse électronique ne doit pas dépasser 254 caractères.", status_code=400
    )
    assertNotContains(response, "Invitation envoyée", status_code=400)
    assert not Invitation.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.INVITATION_SENT).exists()
    assert not smtp_server.received


def test_a_referent_promotes_and_removes_members(client, world):
    client.force_login(world["lyon_referent"])
    member = world["m"]["lyon_member"]

    client.post(organisation_url(world["lyon"], "membership_role", member.pk), {"role": "referent"})
    member.refresh_from_db()
    assert member.role == Role.REFERENT

    response = client.post(
        organisation_url(world["lyon"], "membership_remove", member.pk), follow=True
    )
    assertContains(response, "ne fait plus partie de l’organisation")
    assert not Membership.objects.filter(pk=member.pk).exists()
    actions = set(
        AuditEvent.objects.filter(organisation=world["lyon"]).values_list("action", flat=True)
    )
    assert {AuditAction.MEMBERSHIP_ROLE_CHANGED, AuditAction.MEMBERSHIP_REMOVED} <= actions


def test_an_organisation_always_keeps_a_referent(client, world):
    client.force_login(world["lyon_referent"])
    referent = world["m"]["lyon_referent"]

    demote = client.post(
        organisation_url(world["lyon"], "membership_role", referent.pk),
        {"role": "membre"},
        follow=True,
    )
    remove = client.post(
        organisation_url(world["lyon"], "membership_remove", referent.pk), follow=True
    )

    assertContains(demote, "doit garder au moins un référent")
    assertContains(remove, "doit garder au moins un référent")
    referent.refresh_from_db()
    assert referent.role == Role.REFERENT


def test_an_unknown_role_is_refused(client, world):
    client.force_login(world["lyon_referent"])
    member = world["m"]["lyon_member"]

    response = client.post(
        organisation_url(world["lyon"], "membership_role", member.pk),
        {"role": "admin"},
        follow=True,
    )

    assertContains(response, "Choisissez un rôle")
    member.refresh_from_db()
    assert member.role == Role.MEMBRE


def test_staff_manages_any_organisation(client, world):
    client.force_login(world["staff"])
    member = world["m"]["marseille_member"]

    client.post(
        organisation_url(world["marseille"], "membership_role", member.pk), {"role": "referent"}
    )

    member.refresh_from_db()
    assert member.role == Role.REFERENT


# ------------------------------------------------------------------ acting for an organisation


def test_a_user_chooses_the_organisation_they_act_for(client, world):
    user = world["lyon_member"]
    MembershipFactory(organisation=world["marseille"], user=user)
    client.force_login(user)
    assertRedirects(
        client.get(reverse("accounts:my_organisation")), organisation_url(world["lyon"])
    )

    client.post(reverse("accounts:active_organisation"), {"organisation": world["marseille"].pk})

    assertRedirects(
        client.get(reverse("accounts:my_organisation")), organisation_url(world["marseille"])
    )


def test_one_cannot_choose_to_act_for_an_organisation_one_is_not_member_of(client, world):
    client.force_login(world["lyon_member"])

    response = client.post(
        reverse("accounts:active_organisation"),
        {"organisation": world["marseille"].pk},
        follow=True,
    )

    assertContains(response, "Choisissez une organisation dont vous êtes membre.")
    assertRedirects(
        client.get(reverse("accounts:my_organisation")), organisation_url(world["lyon"])
    )


# ------------------------------------------------------------------ staff pages and requests


@pytest.mark.parametrize("name", ["staff_requests", "staff_organisations", "staff_audit"])
def test_staff_pages_are_for_staff_only(client, world, name):
    url = reverse(f"accounts:{name}")
    assert client.get(url).status_code == 302
    client.force_login(world["lyon_referent"])
    forbidden = client.get(url)
    assertContains(forbidden, "Accès refusé", status_code=403)
    assertContains(forbidden, "Page réservée à l’équipe du réseau.", status_code=403)
    assertContains(forbidden, '<html lang="fr"', status_code=403)
    client.force_login(world["staff"])
    assert client.get(url).status_code == 200


def test_only_staff_decides_requests(client, world, smtp_server):
    request = MembershipRequest.objects.create(
        user=world["lyon_member"], siren="200012345", siret="20001234500018"
    )
    url = reverse("accounts:staff_request_decide", args=[request.pk])
    data = {
        f"demande-{request.pk}-decision": "accepter",
        f"demande-{request.pk}-organisation_name": "Numérique 01",
        f"demande-{request.pk}-organisation_kind": OrganisationKind.OPSN,
    }
    client.force_login(world["lyon_referent"])
    assert client.post(url, data).status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING

    client.force_login(world["staff"])
    client.post(url, data)

    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    organisation = Organisation.objects.get(siren="200012345")
    assert organisation.kind == OrganisationKind.OPSN
    assert organisation.memberships.get().user == world["lyon_member"]
    transition = request.transitions.get(from_status=RequestStatus.PENDING)
    assert (transition.to_status, transition.actor) == (RequestStatus.ACCEPTED, world["staff"])
    assert [(r.to, r.subject) for r in smtp_server.received] == [
        ("membre@lyon.fr", "Votre demande de rattachement à Numérique 01 est acceptée")
    ]


def test_accepting_an_unknown_siren_needs_a_name_and_a_kind(client, world):
    request = MembershipRequest.objects.create(
        user=world["lyon_member"], siren="200012345", siret="20001234500018"
    )
    client.force_login(world["staff"])

    response = client.post(
        reverse("accounts:staff_request_decide", args=[request.pk]),
        {f"demande-{request.pk}-decision": "accepter"},
        follow=True,
    )

    assertContains(response, "Indiquez le nom et le type de l’organisation")
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING
    assert not Organisation.objects.filter(siren="200012345").exists()


def test_refusing_needs_a_reason_and_a_decided_request_stays_decided(client, world, smtp_server):
    request = MembershipRequest.objects.create(
        user=world["lyon_member"], siren="200012345", siret="20001234500018"
    )
    client.force_login(world["staff"])
    url = reverse("accounts:staff_request_decide", args=[request.pk])
    prefix = f"demande-{request.pk}-"

    no_reason = client.post(url, {prefix + "decision": "refuser"}, follow=True)
    assertContains(no_reason, "Indiquez le motif du refus")
    client.post(
        url, {prefix + "decision": "refuser", prefix + "comment": "SIREN d’une entreprise privée."}
    )
    again = client.post(
        url,
        {
            prefix + "decision": "accepter",
            prefix + "organisation_name": "X",
            prefix + "organisation_kind": "opsn",
        },
        follow=True,
    )

    assertContains(again, "Cette demande a déjà été traitée.")
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED
    assert request.comment == "SIREN d’une entreprise privée."
    assert not Membership.objects.filter(
        user=world["lyon_member"], organisation__siren="200012345"
    ).exists()
    # One e-mail: the refusal, with its reason; nothing for the refused attempts.
    [received] = smtp_server.received
    assert (
        received.subject == "Votre demande de rattachement sur Territoires numériques est refusée"
    )
    assert "Motif : SIREN d’une entreprise privée." in received.body


def test_staff_creates_a_public_body(client, world):
    client.force_login(world["staff"])

    bad = client.post(
        reverse("accounts:staff_organisations"), {"name": "OPSN", "kind": "opsn", "siren": "12"}
    )
    assertContains(bad, "Le SIREN doit comporter 9 chiffres.")
    client.post(
        reverse("accounts:staff_organisations"),
        {"name": "Syndicat numérique", "kind": "syndicat_mixte", "siren": "200 012 345"},
    )

    organisation = Organisation.objects.get(siren="200012345")
    assert organisation.created_by == world["staff"]
    duplicate = client.post(
        reverse("accounts:staff_organisations"),
        {"name": "Autre", "kind": "opsn", "siren": "200012345"},
    )
    assertContains(duplicate, "Une organisation existe déjà avec ce SIREN.")


def test_audit_log_is_readable_by_staff(client, world):
    client.force_login(world["lyon_referent"])
    client.post(
        organisation_url(world["lyon"], "membership_role", world["m"]["lyon_member"].pk),
        {"role": "referent"},
    )
    client.force_login(world["staff"])

    response = client.get(
        reverse("accounts:staff_audit"), {"action": AuditAction.MEMBERSHIP_ROLE_CHANGED}
    )

    # The row: the event, its author (the référent « ref@lyon.fr », first name « Ref »), the
    # person concerned (« membre@lyon.fr », « Membre ») and the organisation.
    assert "Rôle modifié Ref Membre Lyon" in visible_text(response)


# ------------------------------------------------------------------ through ProConnect


def test_an_agent_of_an_unknown_siren_gets_a_pending_request_that_staff_accepts(
    client, providers, world, smtp_server
):
    sign_in(client, "proconnect", "opsn")
    agent = signed_in_user(client)
    request = MembershipRequest.objects.get(user=agent)
    assert (request.siren, request.status, request.organisation) == (
        "200012345",
        RequestStatus.PENDING,
        None,
    )
    assert not agent.memberships.exists()
    assertContains(client.get(reverse("accounts:account")), "En attente")
    # Signing in again does not duplicate the request.
    client.post(reverse("accounts:logout"))
    sign_in(client, "proconnect", "opsn")
    assert MembershipRequest.objects.filter(user=agent).count() == 1

    client.force_login(world["staff"])
    response = client.get(reverse("accounts:staff_requests"))
    assert "SIREN 200012345" in visible_text(response)
    assert "Enregistrer la décision sur la demande de Sophie Lefebvre" in button_names(
        response.content.decode()
    )
    prefix = f"demande-{request.pk}-"
    client.post(
        reverse("accounts:staff_request_decide", args=[request.pk]),
        {
            prefix + "decision": "accepter",
            prefix + "organisation_name": "Numérique 01",
            prefix + "organisation_kind": "opsn",
        },
    )

    assert agent.memberships.get().organisation.name == "Numérique 01"
    [received] = smtp_server.received
    assert received.recipients == ["sophie.lefebvre@opsn.exemple.fr"]
    assert "accepté votre demande de rattachement à Numérique 01" in received.body


def test_an_agent_of_a_known_public_body_still_needs_staff(client, providers):
    opsn = OrganisationFactory(name="Numérique 01", siren="200012345", kind=OrganisationKind.OPSN)

    sign_in(client, "proconnect", "opsn")

    agent = signed_in_user(client)
    assert MembershipRequest.objects.get(user=agent).organisation == opsn
    assert not opsn.memberships.exists()


def test_an_invited_agent_joins_with_the_role_given(client, providers, world):
    invitation = Invitation.objects.create(
        organisation=world["lyon"],
        email="sophie.lefebvre@opsn.exemple.fr",
        role=Role.REFERENT,
        invited_by=world["lyon_referent"],
    )

    sign_in(client, "proconnect", "opsn")

    agent = signed_in_user(client)
    assert agent.memberships.get(organisation=world["lyon"]).role == Role.REFERENT
    invitation.refresh_from_db()
    assert invitation.accepted_by == agent


def test_a_citizen_with_the_invited_email_does_not_join(client, providers, world):
    """FranceConnect identities never join organisations: invitations are for agents."""
    Invitation.objects.create(
        organisation=world["lyon"],
        email="marie.dupont@exemple.fr",
        invited_by=world["lyon_referent"],
    )

    sign_in(client, "franceconnect", "marie")

    assert not signed_in_user(client).memberships.exists()


# ------------------------------------------------------------------ services called directly


def accounts_state() -> tuple:
    return (
        list(Membership.objects.values_list("pk", "role")),
        list(Invitation.objects.values_list("pk", "sent_at", "cancelled_at")),
        list(Organisation.objects.values_list("pk")),
        list(MembershipRequest.objects.values_list("pk", "status", "organisation")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("actor", "call", "message"),
    [
        (
            "lyon_member",
            lambda w, actor: services.membership_role_change(
                actor=actor, membership=w["m"]["lyon_member"], role=Role.REFERENT
            ),
            "Seuls les référents de l’organisation peuvent modifier les rôles.",
        ),
        (
            "marseille_referent",
            lambda w, actor: services.membership_remove(
                actor=actor, membership=w["m"]["lyon_member"]
            ),
            "Seuls les référents de l’organisation peuvent retirer un membre.",
        ),
        (
            "marseille_referent",
            lambda w, actor: services.invitation_send(
                actor=actor, organisation=w["lyon"], email="agent@lyon.fr", role=Role.MEMBRE
            ),
            "Seuls les référents de l’organisation peuvent inviter.",
        ),
        (
            "lyon_referent",
            lambda w, actor: services.organisation_create(
                actor=actor, name="Syndicat", kind=OrganisationKind.OPSN, siren="200000172"
            ),
            "Seule l’équipe du réseau peut créer une organisation.",
        ),
        (
            "lyon_referent",
            lambda w, actor: services.membership_request_accept(
                actor=actor,
                request=w["request"],
                organisation_name="Numérique 01",
                organisation_kind=OrganisationKind.OPSN,
            ),
            "Seule l’équipe du réseau peut traiter les demandes.",
        ),
        (
            "lyon_member",
            lambda w, actor: services.membership_request_refuse(
                actor=actor, request=w["request"], comment="Entreprise privée."
            ),
            "Seule l’équipe du réseau peut traiter les demandes.",
        ),
    ],
)
def test_a_service_refuses_a_forbidden_actor_by_itself(world, actor, call, message):
    """Called by another module, with no view in front, a service checks its actor."""
    world["request"] = MembershipRequest.objects.create(
        user=world["lyon_member"], siren="200012345", siret="20001234500018"
    )
    before = accounts_state()

    with pytest.raises(BusinessError) as refused:
        call(world, world[actor])

    assert (refused.value.message, refused.value.status) == (message, 403)
    assert accounts_state() == before


# ------------------------------------------------------------------ queries


def membership_checks(queries) -> list[str]:
    """Queries that look up one user's membership of the organisation, by both ids."""
    checks = []
    for query in queries:
        sql = query["sql"]
        where = sql.partition(" WHERE ")[2]
        if (
            'FROM "accounts_membership"' in sql
            and '"accounts_membership"."user_id" =' in where
            and '"accounts_membership"."organisation_id" =' in where
        ):
            checks.append(sql)
    return checks


def test_the_membership_is_looked_up_once_by_the_view_and_once_by_the_service(client, world):
    client.force_login(world["lyon_referent"])
    member = world["m"]["lyon_member"]

    with CaptureQueriesContext(connection) as page:
        client.get(organisation_url(world["lyon"]))
    with CaptureQueriesContext(connection) as change:
        client.post(
            organisation_url(world["lyon"], "membership_role", member.pk), {"role": "referent"}
        )

    assert len(membership_checks(page.captured_queries)) == 1
    # The view's check, then the service's own check inside its transaction.
    assert len(membership_checks(change.captured_queries)) == 2
    # Without a default ordering, the check joins no other table.
    assert all("JOIN" not in sql for sql in membership_checks(page.captured_queries))
