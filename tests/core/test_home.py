"""The home page and the main menu: each module that exists shows its figures and its ways in;
only what is not built yet is « bientôt »; the menu comes from the modules' panels."""

import re

from django.urls import reverse

from territoires.core.views import PILLARS
from tests.observatory.conftest import visible_text


def pillar_text(response, title: str) -> str:
    """The text of one pillar's card on the home page."""
    html = response.content.decode()
    cards = re.findall(
        r'<div class="fr-card fr-card--no-arrow">(.*?)</div>\s*</div>\s*</div>', html, re.S
    )
    card = next(card for card in cards if f'<h3 class="fr-card__title">{title}</h3>' in card)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card))


# The pillars a module serves: the observatory measures, the bourse and the communs pool, the
# labels recognise, the agenda brings people together: every pillar now.
SERVED = {"mesurer", "mutualiser", "reconnaitre", "se_rencontrer"}


def test_only_the_pillars_no_module_serves_yet_are_coming(client, db):
    response = client.get("/")

    for pillar in PILLARS:
        coming = "Bientôt disponible" in pillar_text(response, pillar["title"])
        assert coming == (pillar["key"] not in SERVED), pillar["title"]


def test_the_menu_has_each_modules_entry_and_marks_the_current_one(client, db):
    home = client.get("/").content.decode()
    territories = client.get(reverse("geo:index")).content.decode()
    national = client.get(reverse("observatory_public:national")).content.decode()

    assert re.search(r'href="/"\s+aria-current="page">Accueil</a>', home)
    assert re.search(r'href="/territoires/"\s+aria-current="page">Territoires</a>', territories)
    assert re.search(r'aria-controls="menu-observatoire"\s+aria-current="true"', national)
    assert re.search(r'href="/observatoire/france/"\s+aria-current="page">Vue nationale', national)
    assert "Mon évaluation" not in visible_text(client.get("/"))
