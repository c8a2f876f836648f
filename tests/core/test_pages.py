"""The page frame: DSFR header and footer, mandatory links, error pages."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import include, path, reverse
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


def test_home_says_what_the_platform_is_for(client, imported):
    response = client.get("/")

    assertContains(response, '<html lang="fr"')
    assertContains(response, "La transformation numérique des collectivités, ensemble")
    for pillar in ("Mesurer", "Mutualiser", "Reconnaître", "Se rencontrer"):
        assertContains(response, pillar)
    # The référentiel counts come from the database (the small test référentiel).
    assertContains(response, '<p class="fr-h4 fr-mb-0">8</p>', html=True)
    assertContains(response, "millésime 6.0.0")


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accessibilite/", "Déclaration d’accessibilité"),
        ("/mentions-legales/", "Mentions légales"),
        ("/donnees-personnelles/", "Données personnelles"),
        ("/plan-du-site/", "Plan du site"),
    ],
)
def test_footer_pages(client, url, heading):
    response = client.get(url)

    assertContains(response, f'<h1 class="fr-mt-4w">{heading}</h1>', html=True)


def test_frame_has_skip_links_search_and_mandatory_footer_links(client):
    response = client.get("/")

    for anchor in ('href="#contenu"', 'href="#navigation-principale"', 'href="#pied-de-page"'):
        assertContains(response, anchor)
    assertContains(response, 'id="contenu"')
    assertContains(response, 'id="navigation-principale"')
    assertContains(response, 'id="pied-de-page"')
    assertContains(response, '<label class="fr-label" for="recherche-territoire">')
    for link in (
        "/accessibilite/",
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/plan-du-site/",
    ):
        assertContains(response, f'href="{link}"')
    assertContains(response, "Accessibilité : non conforme")


def test_accessibility_statement_gives_its_conformity(client):
    response = client.get("/accessibilite/")

    assertContains(response, "<strong>non conforme</strong>", html=True)
    assertContains(response, "Défenseur des droits")


def test_404_in_the_site_frame(client):
    response = client.get("/cette-page-n-existe-pas/")

    assertContains(response, "Page introuvable", status_code=404)
    assertContains(response, "fr-header", status_code=404)


def crash(request):
    raise RuntimeError("boom")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("crash/", crash),
    path("interdit/", forbidden),
    path("", include("config.urls")),
]
handler403 = "territoires.core.views.permission_denied"
handler500 = "territoires.core.views.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_500_in_the_site_frame(client):
    client.raise_request_exception = False

    response = client.get("/crash/")

    assertContains(response, "Erreur inattendue", status_code=500)
    assertContains(response, "fr-footer", status_code=500)


@pytest.mark.parametrize(
    "url",
    [
        "/territoires/communes/%00/",
        "/territoires/recherche/?q=nevers&page=%00",
        "/observatoire/france/?campagne=2026%00",
    ],
)
def test_a_nul_character_in_the_address_is_refused_in_french(client, imported, url):
    # PostgreSQL refuses NUL in text parameters: without the refusal, a 500 there.
    response = client.get(url)

    assertContains(response, "L’adresse demandée contient un caractère interdit", status_code=400)
    assertContains(response, '<html lang="fr"', status_code=400)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/territories/commune/%00",
        "/api/v1/territories?departement=%00",
        "/api/v1/observatory/scores/commune/%00",
    ],
)
def test_a_nul_character_in_an_api_address_gets_a_json_error(client, imported, url):
    response = client.get(url)

    assert response.status_code == 400
    assert response.json() == {
        "detail": "L’adresse demandée contient un caractère interdit (caractère nul).",
        "errors": [],
    }


@override_settings(ROOT_URLCONF=__name__)
def test_403_without_a_reason_gives_a_generic_french_sentence(client):
    response = client.get("/interdit/")

    assertContains(response, "Accès refusé", status_code=403)
    assertContains(
        response,
        "Vous n’avez pas les droits nécessaires pour accéder à cette page ou faire cette action.",
        status_code=403,
    )
    assertContains(response, "fr-footer", status_code=403)


@pytest.mark.django_db
def test_a_post_without_its_csrf_token_gets_a_french_page_in_the_site_frame():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 403
    assertContains(response, '<html lang="fr"', status_code=403)
    assertContains(response, "<h1>Page expirée</h1>", status_code=403)
    assertContains(
        response, "la page a expiré, parce que votre session ou le formulaire", status_code=403
    )
    assertContains(response, "rechargez-la, puis réessayez", status_code=403)
    assertContains(response, "fr-header", status_code=403)
    assertNotContains(response, "CSRF", status_code=403)
