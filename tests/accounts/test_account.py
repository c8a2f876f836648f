"""Sign-in page, "Mon compte" (RGPD: download, delete), rate limit and configuration."""

import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from territoires.accounts.enums import AuditAction
from territoires.accounts.models import AuditEvent, Identity, User
from territoires.accounts.oidc.config import get_provider
from territoires.core import personal_data
from tests.accounts.conftest import sign_in, signed_in_user
from tests.accounts.factories import IdentityFactory, OrganisationFactory, UserFactory
from tests.oidc.server import go_through_provider

pytestmark = pytest.mark.django_db


def test_sign_in_page_shows_both_official_buttons(client, providers):
    response = client.get(reverse("accounts:login"))

    assertContains(response, "<h1>Se connecter</h1>", html=True)
    for brand, what in (
        ("FranceConnect", "Qu’est-ce que FranceConnect ?"),
        ("ProConnect", "Qu’est-ce que ProConnect ?"),
    ):
        assertContains(response, f'<span class="fr-connect__brand">{brand}</span>', html=True)
        assertContains(response, what)
    assertContains(response, "FranceConnect est la solution proposée par l’État")
    assertContains(response, "ProConnect est la solution proposée par l’État")
    # The explanation comes before the button, the "what is" link after it.
    text = response.content.decode()
    assert (
        text.index("FranceConnect est la solution")
        < text.index('fr-connect__brand">FranceConnect')
        < text.index("Qu’est-ce que FranceConnect ?")
    )


def test_sign_in_page_without_any_provider(client, settings):
    settings.OIDC_PROVIDERS = {}

    response = client.get(reverse("accounts:login"))

    assertContains(response, "Aucun fournisseur d’identité n’est configuré")
    assertNotContains(response, "fr-connect__brand")


def test_header_offers_sign_in_then_account(client, providers):
    response = client.get("/")
    assertContains(response, f'href="{reverse("accounts:login")}">Se connecter</a>')
    assertNotContains(response, "Mon compte")

    sign_in(client, "franceconnect", "marie")
    response = client.get("/")

    assertContains(response, "Mon compte")
    assertContains(response, "Se déconnecter")
    assertNotContains(response, "Équipe du réseau")


def test_next_is_followed_only_inside_the_site(client, providers, lyon):
    inside = client.post(
        reverse("accounts:login_start", args=["proconnect"]), {"next": "/territoires/"}
    )
    response = client.get(go_through_provider(inside["Location"], "camille"))
    assertRedirects(response, "/territoires/", fetch_redirect_response=False)

    client.post(reverse("accounts:logout"))
    outside = client.post(
        reverse("accounts:login_start", args=["proconnect"]), {"next": "https://ailleurs.example/"}
    )
    response = client.get(go_through_provider(outside["Location"], "camille"))
    assertRedirects(response, reverse("accounts:account"), fetch_redirect_response=False)


def test_account_pages_need_a_session(client):
    for name in ("account", "account_export", "account_delete", "my_organisation"):
        url = reverse(f"accounts:{name}")
        assertRedirects(client.get(url), f"{reverse('accounts:login')}?next={url}")


def test_download_my_data_as_json(client, providers, lyon):
    # The clock stopped at a whole second, a moment ago: the provider's tokens stay fresh.
    signed_in_at = datetime.now(UTC).replace(microsecond=0)
    with time_machine.travel(signed_in_at, tick=False):
        sign_in(client, "proconnect", "camille")

    response = client.get(reverse("accounts:account_export"))

    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["compte"]["adresse_electronique"] == "camille.martin@mairie-lyon.exemple.fr"
    assert data["identites"][0]["fournisseur"] == "ProConnect"
    assert data["identites"][0]["donnees_transmises"]["siret"] == "21690123100011"
    assert data["organisations"] == [
        {
            "organisation": "Lyon",
            "siren": "216901231",
            "role": "Référent",
            "depuis_le": signed_in_at.isoformat(),  # she became référent as she signed in
        }
    ]
    assert "Connexion" in {event["action"] for event in data["journal"]}


def test_delete_my_account(client, providers):
    sign_in(client, "franceconnect", "marie")
    user = signed_in_user(client)

    unconfirmed = client.post(reverse("accounts:account_delete"))
    assertContains(unconfirmed, "Cochez la case pour confirmer la suppression.")
    assert User.objects.filter(pk=user.pk).exists()

    response = client.post(reverse("accounts:account_delete"), {"confirm": "on"}, follow=True)

    assertContains(response, "Votre compte et vos données ont été supprimés.")
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Identity.objects.exists()
    assert signed_in_user(client) is None
    event = AuditEvent.objects.get(action=AuditAction.ACCOUNT_DELETED)
    assert event.detail == {"user_id": user.pk}
    # Audit lines about the person no longer point to them.
    assert not AuditEvent.objects.filter(actor_id=user.pk).exists()


def test_the_only_referent_of_an_organisation_with_members_cannot_delete_their_account(client):
    referent = UserFactory(email="ref@lyon.fr")
    OrganisationFactory(name="Lyon", referents=[referent], with_member=True)
    client.force_login(referent)

    response = client.post(reverse("accounts:account_delete"), {"confirm": "on"})

    assertContains(response, "Vous êtes le seul référent de Lyon")
    assert User.objects.filter(pk=referent.pk).exists()


def test_a_second_account_with_the_same_email_keeps_its_own_identity(client, providers, lyon):
    """Accounts are never merged on e-mail: the second one simply holds no e-mail."""
    existing = IdentityFactory(
        franceconnect=True, user__email="camille.martin@mairie-lyon.exemple.fr"
    ).user

    sign_in(client, "proconnect", "camille")

    user = signed_in_user(client)
    assert user != existing
    assert user.email is None
    assert (
        Identity.objects.get(user=user).claims["email"] == "camille.martin@mairie-lyon.exemple.fr"
    )
    assertContains(client.get(reverse("accounts:account")), "déjà utilisée par un autre compte")


def test_sign_in_endpoints_are_rate_limited(client, settings, providers):
    settings.RATE_LIMITS = {"sign-in": "3/60"}
    url = reverse("accounts:login_start", args=["franceconnect"])

    statuses = [client.post(url).status_code for _ in range(4)]
    callback = client.get(reverse("accounts:callback", args=["franceconnect"]), {"state": "x"})

    assert statuses == [302, 302, 302, 429]
    assert callback.status_code == 429
    assertContains(callback, "Trop de tentatives de connexion", status_code=429)


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"signing_algorithm": "none"}, "non pris en charge"),
        ({"signing_algorithm": "HS512"}, "non pris en charge"),
        ({"scopes": "email"}, "openid"),
        ({"issuer": "http://idp.example.org"}, "https"),
    ],
)
def test_bad_provider_configuration_is_refused(settings, overrides, error):
    settings.DEBUG = False
    settings.OIDC_PROVIDERS = {
        "franceconnect": {
            "issuer": "https://idp.example.org",
            "client_id": "id",
            "client_secret": "s",
            **overrides,
        }
    }

    with pytest.raises(ImproperlyConfigured, match=error):
        get_provider("franceconnect")


def test_provider_defaults_follow_the_partner_documentation(settings):
    settings.OIDC_PROVIDERS = {
        "franceconnect": {
            "issuer": "https://fc.example.org/api/v2",
            "client_id": "a",
            "client_secret": "b",
        },
        "proconnect": {
            "discovery_url": "https://pc.example.org/.well-known/openid-configuration",
            "client_id": "c",
        },
    }

    franceconnect, proconnect = get_provider("franceconnect"), get_provider("proconnect")

    assert franceconnect.scopes == ("openid", "given_name", "family_name", "email")
    assert (franceconnect.signing_algorithm, franceconnect.userinfo_signing_algorithm) == (
        "ES256",
        "ES256",
    )
    assert franceconnect.acr_values == ("eidas1",)
    assert franceconnect.accepted_acr == {"eidas1", "eidas2", "eidas3"}
    assert "siret" in proconnect.scopes and "usual_name" in proconnect.scopes
    assert proconnect.signing_algorithm == "RS256"


def test_grant_staff_command(capsys):
    from django.core.management import CommandError, call_command

    user = UserFactory(email="paul.garnier@reseau.exemple.fr")

    call_command("grant_staff", "Paul.Garnier@reseau.exemple.fr")
    with pytest.raises(CommandError, match="doit d’abord se connecter"):
        call_command("grant_staff", "inconnu@exemple.fr")

    user.refresh_from_db()
    assert user.is_staff
    assert AuditEvent.objects.filter(action=AuditAction.STAFF_GRANTED, subject=user).exists()
    assert "équipe du réseau" in capsys.readouterr().out


@pytest.fixture
def held_notes():
    """A module of the tests that holds notes about people (``core.personal_data``)."""
    notes = {}
    personal_data.personal_data_register(
        "notes_d_essai",
        export=lambda user: notes.get(user.pk, []),
        erase=lambda user: notes.pop(user.pk, None),
    )
    yield notes
    del personal_data._holders["notes_d_essai"]


def test_what_a_module_holds_joins_the_download_and_goes_with_the_account(client, held_notes):
    user = UserFactory(email="camille@exemple.fr")
    other = UserFactory(email="dominique@exemple.fr")
    held_notes[user.pk] = ["inscrite au Forum"]
    held_notes[other.pk] = ["inscrit à une formation"]
    client.force_login(user)

    data = json.loads(client.get(reverse("accounts:account_export")).content)
    client.post(reverse("accounts:account_delete"), {"confirm": "on"})

    assert data["notes_d_essai"] == ["inscrite au Forum"]
    assert held_notes == {other.pk: ["inscrit à une formation"]}


def test_a_refused_deletion_erases_nothing_a_module_holds(client, held_notes):
    referent = UserFactory(email="ref@lyon.fr")
    OrganisationFactory(name="Lyon", referents=[referent], with_member=True)
    held_notes[referent.pk] = ["inscrit au Forum"]
    client.force_login(referent)

    client.post(reverse("accounts:account_delete"), {"confirm": "on"})

    assert held_notes == {referent.pk: ["inscrit au Forum"]}
