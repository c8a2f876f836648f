"""The staff page of membership requests: who asks, then the decision, with what can be known
of an unknown SIREN's organisation written in for staff to check."""

import pytest
from django.urls import reverse

from territoires.accounts.enums import OrganisationKind
from territoires.accounts.models import MembershipRequest, Organisation
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.geo.factories import TerritoryFactory
from tests.observatory.conftest import visible_text

pytestmark = pytest.mark.django_db


def ask(siren: str, email: str = "sophie.lefebvre@opsn.exemple.fr") -> MembershipRequest:
    user = UserFactory(email=email, first_name="Sophie", last_name="Lefebvre")
    return MembershipRequest.objects.create(user=user, siren=siren, siret=siren + "00018")


def name_field(page: str, item: MembershipRequest) -> str:
    name = f'name="demande-{item.pk}-organisation_name"'
    assert name in page
    return page.split(name, 1)[1].split(">", 1)[0]


def test_a_siren_of_the_referentiel_prefills_the_name_and_says_so(client, world):
    TerritoryFactory(
        name="Syndicat mixte Numérique Test", code="200012345", siren="200012345", kind="epci"
    )
    item = ask("200012345")
    client.force_login(world["staff"])

    response = client.get(reverse("accounts:staff_requests"))

    page = response.content.decode()
    assert 'value="Syndicat mixte Numérique Test"' in name_field(page, item)
    text = visible_text(response)
    assert "Pré-rempli d’après le référentiel territorial (" in text
    assert "200012345) : vérifiez-le." in text
    assert "Domaine de l’adresse du demandeur : opsn.exemple.fr." in text


def test_an_unknown_siren_leaves_the_name_empty_and_gives_the_email_domain(client, world):
    item = ask("200099999")
    client.force_login(world["staff"])

    response = client.get(reverse("accounts:staff_requests"))

    assert "value=" not in name_field(response.content.decode(), item)
    text = visible_text(response)
    assert "SIREN inconnu : l’accepter crée l’organisation." in text
    assert "Ce SIREN n’est ni dans le référentiel territorial ni une organisation connue." in text
    assert "Domaine de l’adresse du demandeur : opsn.exemple.fr." in text


def test_an_organisation_known_by_its_siren_is_named_and_needs_no_name(
    client,
    world,
    smtp_server,
):
    item = ask("200012345")
    # Created after the request: the request does not point to it, its SIREN does.
    OrganisationFactory(name="Numérique 01", siren="200012345", kind=OrganisationKind.OPSN)
    client.force_login(world["staff"])

    response = client.get(reverse("accounts:staff_requests"))

    text = visible_text(response)
    assert (
        "organisation connue : Numérique 01 (Opérateur public de services numériques (OPSN))"
        in text
    )
    assert f"demande-{item.pk}-organisation_name" not in response.content.decode()
    prefix = f"demande-{item.pk}-"
    client.post(
        reverse("accounts:staff_request_decide", args=[item.pk]), {prefix + "decision": "accepter"}
    )
    item.refresh_from_db()
    assert item.organisation.name == "Numérique 01"
    assert Organisation.objects.filter(siren="200012345").count() == 1
    assert item.user.memberships.get().organisation == item.organisation
    [received] = smtp_server.received
    assert "accepté votre demande de rattachement à Numérique 01" in received.body
