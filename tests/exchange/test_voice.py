"""« La voix du réseau »: the staff's counts of needs by skill, kind and size, région and year,
never a count under 5 nor one found by subtraction, and their document."""

import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from docx import Document
from pytest_django.asserts import assertContains

from tests.accounts.factories import OrganisationFactory
from tests.exchange.factories import NeedFactory
from tests.geo.factories import CommuneFactory

pytestmark = pytest.mark.django_db
URL = reverse("exchange:network_voice")


@pytest.fixture
def needs(world):
    """2026: 7 DPO needs of the village (100 inhabitants), 6 SIG needs of a town of 2,500
    and 1 archives need of an OPSN; 2025: 5 DPO needs of the village."""
    town = OrganisationFactory(
        name="Bourg", territory=CommuneFactory(population=2500, siren="215800009")
    )
    opsn = OrganisationFactory(name="OPSN", kind="opsn")
    with time_machine.travel(datetime(2026, 3, 1, tzinfo=UTC)):
        NeedFactory.create_batch(7, organisation=world["requester"])
        NeedFactory.create_batch(6, organisation=town, skill="sig", published=True)
        NeedFactory(organisation=opsn, skill="archivage")
    with time_machine.travel(datetime(2025, 3, 1, tzinfo=UTC)):
        NeedFactory.create_batch(5, organisation=world["requester"])


def cell(label, value):
    return f"<tr><td>{label}</td><td>{value}</td></tr>"


def test_the_staff_only_reads_the_networks_voice(client, world):
    for who, status in (("outsider", 403), ("requester_member", 403), ("staff", 200)):
        client.force_login(world[who])
        assert client.get(URL).status_code == status
        assert client.get(reverse("exchange:network_voice_download")).status_code == status
    client.logout()
    assert client.get(URL).status_code == 302


def test_counts_by_skill_kind_and_region_with_secrecy(client, world, needs):
    client.force_login(world["staff"])

    page = client.get(URL, {"annee": "2026"})

    assertContains(page, "Besoins exprimés en 2026 : 14.")
    # 1 archives need is secret, and so is the smallest other (6 SIG), else 14 − 7 − 6.
    assertContains(page, cell("Délégué à la protection des données mutualisé", 7), html=True)
    assertContains(page, cell("SIG et cartographie", "secret"), html=True)
    assertContains(page, cell("Archivage électronique", "secret"), html=True)
    assertContains(page, cell("Communes de 0 à 499 habitants", 7), html=True)
    assertContains(page, cell("Communes de 2\u202f000 à 9\u202f999 habitants", "secret"), html=True)
    assertContains(page, cell("Autres organismes publics", "secret"), html=True)
    # Both communes are in Bourgogne-Franche-Comté (13); the OPSN in no région (1): secret,
    # and then the région too (14 − 1).
    assertContains(page, cell("Bourgogne-Franche-Comté", "secret"), html=True)
    # Each year apart: 2025 has 5 DPO needs.
    assertContains(
        page,
        "<tr><td>Délégué à la protection des données mutualisé</td><td>5</td><td>7</td></tr>",
        html=True,
    )


def test_the_document_says_the_same(client, world, needs):
    client.force_login(world["staff"])

    response = client.get(reverse("exchange:network_voice_download"), {"annee": "2026"})

    document = Document(io.BytesIO(response.content))
    assert (
        document.paragraphs[0].text == "La voix du réseau : les besoins des collectivités en 2026"
    )
    skills = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert skills["Délégué à la protection des données mutualisé"] == "7"
    assert skills["SIG et cartographie"] == skills["Archivage électronique"] == "secret"
    trend = [[c.text for c in row.cells] for row in document.tables[3].rows]
    assert trend[0] == ["Compétence", "2025", "2026"]
    assert ["Toutes compétences", "5", "14"] in trend
