"""Staff prepares an edition through its pages: dates, categories, the grid, then opens it."""

import pytest
from django.urls import reverse

from territoires.awards.enums import EditionStatus
from territoires.awards.models import Criterion, Edition
from tests.awards.factories import MARKS
from tests.observatory.conftest import visible_text

DATES = {
    "call_opens_at": "01/03/2027 09:00",
    "call_closes_at": "01/06/2027 18:00",
    "preselection_at": "01/09/2027 18:00",
    "finalists_at": "15/09/2027 12:00",
    "final_at": "15/10/2027 12:00",
    "results_at": "01/11/2027 12:00",
}


def criterion(name: str, weight: str = "2") -> dict:
    return {"name": name, "weight": weight, "mandatory": "on"} | {
        f"mark_{mark}": text for mark, text in enumerate(MARKS)
    }


def test_staff_prepares_then_opens_an_edition(client, people):
    client.force_login(people["staff"])
    create = reverse("awards:edition_create")
    fields = {
        "year": "2027",
        "title": "Labels 2027",
        "rules": "## Règlement",
        "finalists_count": "25",
    }
    # Steps out of order: refused in French, nothing written.
    response = client.post(create, fields | DATES | {"final_at": "01/05/2027 12:00"})
    assert "Les étapes du calendrier doivent se suivre" in visible_text(response)
    assert not Edition.objects.exists()
    response = client.post(create, fields | DATES)
    assert response.status_code == 302
    edition = Edition.objects.get(year=2027)
    assert edition.status == EditionStatus.DRAFT and edition.call_opens_at.hour == 8  # UTC
    # Unticked: the territorial rule of conflicts is lifted for this edition.
    assert not edition.exclude_territory_conflicts
    grid = reverse("awards:grid_add", args=[2027, "critere"])
    client.post(reverse("awards:grid_add", args=[2027, "categorie"]), {"name": "Données"})
    client.post(grid, criterion("Innovation"))
    response = client.post(grid, criterion("Sobriété", weight="12"), follow=True)
    assert "inférieure ou égale à 10" in visible_text(response)
    assert list(Criterion.objects.values_list("name", "weight")) == [("Innovation", 2)]
    client.post(reverse("awards:edition_move", args=[2027, "ouvrir"]), {"comment": ""})
    edition.refresh_from_db()
    assert edition.status == EditionStatus.OPEN
    response = client.post(grid, criterion("Sobriété"), follow=True)
    assert "figées depuis l’ouverture" in visible_text(response)
    assert Criterion.objects.count() == 1
    assert client.post(reverse("awards:grid_add", args=[2027, "autre"])).status_code == 404


@pytest.mark.parametrize("who", ["referent", "member", "other", "citizen"])
def test_only_staff_prepares_editions(client, people, who):
    client.force_login(people[who])
    assert client.get(reverse("awards:edition_create")).status_code == 403
    response = client.post(
        reverse("awards:edition_create"),
        {"year": "2027", "title": "Labels 2027", "finalists_count": "25"} | DATES,
    )
    assert response.status_code == 403
    assert not Edition.objects.exists()
