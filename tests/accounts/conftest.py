"""Fixtures of the accounts tests: two real OpenID providers on loopback, and helpers."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from territoires.accounts.models import User
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.geo.factories import TerritoryFactory
from tests.oidc.server import go_through_provider, start_provider


@pytest.fixture(scope="session")
def franceconnect_server(tmp_path_factory):
    server = start_provider("franceconnect", tmp_path_factory.mktemp("oidc") / "fc.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def proconnect_server(tmp_path_factory):
    server = start_provider("proconnect", tmp_path_factory.mktemp("oidc") / "pc.log")
    yield server
    server.stop()


@pytest.fixture
def providers(settings, franceconnect_server, proconnect_server):
    """Both providers configured, as the environment would configure them."""
    franceconnect_server.reset()
    proconnect_server.reset()
    settings.OIDC_PROVIDERS = {
        "franceconnect": franceconnect_server.settings(),
        "proconnect": proconnect_server.settings(),
    }
    return {"franceconnect": franceconnect_server, "proconnect": proconnect_server}


@dataclass
class SignIn:
    authorization_url: str
    callback_url: str
    response: object


def start_sign_in(client, provider: str, **data) -> str:
    response = client.post(reverse("accounts:login_start", args=[provider]), data)
    assert response.status_code == 302, response.content
    return response["Location"]


def sign_in(client, provider: str, login: str, *, action: str = "login", browser=None) -> SignIn:
    """The whole sign-in, through the real endpoints of both sides (``browser``: the
    provider's side of the browser, to keep its session)."""
    authorization_url = start_sign_in(client, provider)
    callback_url = go_through_provider(authorization_url, login, action=action, browser=browser)
    return SignIn(authorization_url, callback_url, client.get(callback_url))


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


@pytest.fixture
def lyon(db):
    """Lyon, whose SIREN is that of the ProConnect test agent « camille »."""
    return TerritoryFactory(name="Lyon", code="69123", siren="216901231")


@pytest.fixture
def marseille(db):
    return TerritoryFactory(name="Marseille", code="13055", siren="211300553")


@pytest.fixture
def world(db):
    """Two collectivités, each with a référent and a member, and a staff user."""
    lyon = OrganisationFactory(name="Lyon", siren="216901231")
    marseille = OrganisationFactory(name="Marseille", siren="211300553")
    people = {
        "lyon_referent": UserFactory(email="ref@lyon.fr"),
        "lyon_member": UserFactory(email="membre@lyon.fr"),
        "marseille_referent": UserFactory(email="ref@marseille.fr"),
        "marseille_member": UserFactory(email="membre@marseille.fr"),
        "staff": UserFactory(email="equipe@reseau.fr", staff=True),
    }
    memberships = {
        who: MembershipFactory(
            organisation=organisation, user=people[who], referent=who.endswith("referent")
        )
        for organisation, who in [
            (lyon, "lyon_referent"),
            (lyon, "lyon_member"),
            (marseille, "marseille_referent"),
            (marseille, "marseille_member"),
        ]
    }
    return {"lyon": lyon, "marseille": marseille, **people, "m": memberships}


def organisation_url(organisation, name="organisation", *args):
    return reverse(f"accounts:{name}", args=[organisation.pk, *args])
