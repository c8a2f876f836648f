"""What robots, browsers and people look for on any site: robots.txt, the sitemap, the favicon,
a contact page and who answers for the site."""

import pytest
from django.urls import reverse

from tests.observatory.conftest import visible_text


@pytest.mark.django_db
def test_robots_txt_keeps_private_spaces_out_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /compte/" in lines
    assert "Disallow: /observatoire/evaluations/" in lines
    assert "Disallow: /equipe/" in lines
    assert lines[-1] == "Sitemap: http://testserver/sitemap.xml"


@pytest.mark.django_db
def test_the_favicon_is_on_every_page_and_at_its_usual_address(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("dsfr/dist/favicon/favicon.ico")
    assert 'rel="icon"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_contact_page_and_who_answers_for_the_site_come_from_the_settings(client, settings):
    settings.CONTACT_EMAIL = "equipe@reseau.example"
    settings.DPO_EMAIL = "dpo@reseau.example"
    settings.PUBLICATION_DIRECTOR = "Mme Claire Dupont, présidente du réseau"
    settings.HOSTING_PROVIDER = "Hébergeur SAS, 1 rue de l’Exemple, 75000 Paris, 01 23 45 67 89"

    contact = visible_text(client.get("/contact/"))
    legal = visible_text(client.get(reverse("core:mentions")))
    accessibility = visible_text(client.get(reverse("core:accessibilite")))
    personal_data = visible_text(client.get(reverse("core:donnees_personnelles")))

    assert "equipe@reseau.example" in contact
    assert "dpo@reseau.example" in contact
    assert "Mme Claire Dupont, présidente du réseau" in legal
    assert "Hébergeur SAS, 1 rue de l’Exemple, 75000 Paris, 01 23 45 67 89" in legal
    assert "equipe@reseau.example" in accessibility
    assert "dpo@reseau.example" in personal_data
    assert 'href="/contact/"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_an_unset_host_is_said_not_invented(client, settings):
    settings.HOSTING_PROVIDER = ""

    legal = visible_text(client.get(reverse("core:mentions")))

    assert "L’hébergeur de cette instance n’est pas renseigné" in legal
