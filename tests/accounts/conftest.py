"""Fixtures of the accounts tests: two real OpenID providers on loopback, and helpers."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from territoires.accounts.enums import Role
from territoires.accounts.models import Membership, Organisation, User
from territoires.geo.models import Territory
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


def make_territory(*, name: str, code: str, siren: str, kind: str = "commune") -> Territory:
    return Territory.objects.create(
        kind=kind,
        code=code,
        name=name,
        search_name=f" {name.lower()}",
        search_codes=f" {code} {siren} ",
        siren=siren,
        zone="metro",
        stratum="commune-large",
    )


@pytest.fixture
def lyon(db):
    return make_territory(name="Lyon", code="69123", siren="216901231")


@pytest.fixture
def marseille(db):
    return make_territory(name="Marseille", code="13055", siren="211300553")


def make_user(email: str, *, first_name: str = "", last_name: str = "", **fields) -> User:
    return User.objects.create_user(
        email, first_name=first_name or email.split("@")[0].title(), last_name=last_name, **fields
    )


def make_organisation(name: str, siren: str, *, kind: str = "collectivite", territory=None):
    return Organisation.objects.create(name=name, siren=siren, kind=kind, territory=territory)


def add_member(organisation, user, role=Role.MEMBRE) -> Membership:
    return Membership.objects.create(organisation=organisation, user=user, role=role)


@pytest.fixture
def world(db):
    """Two collectivités, each with a référent and a member, and a staff user."""
    lyon = make_organisation("Lyon", "216901231")
    marseille = make_organisation("Marseille", "211300553")
    people = {
        "lyon_referent": make_user("ref@lyon.fr"),
        "lyon_member": make_user("membre@lyon.fr"),
        "marseille_referent": make_user("ref@marseille.fr"),
        "marseille_member": make_user("membre@marseille.fr"),
        "staff": make_user("equipe@reseau.fr", is_staff=True),
    }
    memberships = {
        "lyon_referent": add_member(lyon, people["lyon_referent"], Role.REFERENT),
        "lyon_member": add_member(lyon, people["lyon_member"]),
        "marseille_referent": add_member(marseille, people["marseille_referent"], Role.REFERENT),
        "marseille_member": add_member(marseille, people["marseille_member"]),
    }
    return {"lyon": lyon, "marseille": marseille, **people, "m": memberships}


def organisation_url(organisation, name="organisation", *args):
    return reverse(f"accounts:{name}", args=[organisation.pk, *args])
