"""The bourse's public figures and open data: the map of départements served with its table,
agreements by skill and région never under 5, the CSV and XLSX of published offers with their
Table Schema, listed in the DCAT catalogue."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains

from territoires.exchange.enums import AgreementStatus
from tests.exchange.factories import AgreementFactory, OfferFactory
from tests.geo.factories import DepartementFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


def test_the_map_counts_each_offer_serving_a_departement_once(client, world):
    nievre = DepartementFactory()
    cote_dor = TerritoryFactory(kind="departement", code="21", name="Côte-d’Or",
                                region=nievre.region)  # fmt: skip
    OfferFactory(national=False, area=[nievre, nievre.region])  # both: counted once
    OfferFactory(national=False, area=[cote_dor])
    OfferFactory(draft=True)
    # The world's offer is national: with the first, 2 for the Nièvre; with the first (its
    # région) and the second, 3 for the Côte-d’Or.

    page = client.get(reverse("exchange:opendata"))

    assertContains(page, "<tr><td>58</td><td>Nièvre</td><td>2</td></tr>", html=True)
    assertContains(page, "<tr><td>21</td><td>Côte-d’Or</td><td>3</td></tr>", html=True)
    assertContains(
        page, '<a href="/territoires/departements/58/" aria-label="Nièvre : offres publiées : 2">'
    )


def test_agreement_counts_under_5_are_never_given_nor_deducible(client, world):
    for _ in range(6):
        AgreementFactory(offer=world["offer"], requester=world["requester"],
                         status=AgreementStatus.ACTIVE)  # fmt: skip
    AgreementFactory(offer=OfferFactory(skill="sig"), status=AgreementStatus.ENDED)
    AgreementFactory(offer=world["offer"], status=AgreementStatus.REQUESTED)  # not concluded

    page = client.get(reverse("exchange:opendata"))

    assertContains(page, "7 accords conclus")
    # 1 SIG agreement is secret; then the 6 DPO ones would give it away (7 − 6): secret too.
    assertContains(
        page,
        "<tr><td>Délégué à la protection des données mutualisé</td><td>secret</td></tr>",
        html=True,
    )
    assertContains(page, "<tr><td>SIG et cartographie</td><td>secret</td></tr>", html=True)
    assertContains(page, "<tr><td>Cybersécurité et RSSI partagé</td><td>0</td></tr>", html=True)


def test_the_csv_and_xlsx_follow_their_schema_and_hold_published_offers_only(client, world):
    OfferFactory(title="Brouillon", draft=True)
    AgreementFactory(offer=world["offer"], status=AgreementStatus.ACCEPTED)

    schema = client.get(reverse("exchange:opendata_schema")).json()
    rows = list(csv.reader(io.StringIO(b"".join(
        client.get(reverse("exchange:opendata_download", args=["csv"])).streaming_content
    ).decode())))  # fmt: skip
    workbook = load_workbook(
        io.BytesIO(
            b"".join(
                client.get(reverse("exchange:opendata_download", args=["xlsx"])).streaming_content
            )
        )
    )

    names = [field["name"] for field in schema["fields"]]
    assert rows[0] == names
    assert len(rows) == 2
    row = dict(zip(names, rows[1], strict=True))
    assert (row["titre"], row["siren_offreur"], row["capacite"], row["places_disponibles"]) == (
        "DPO mutualisé", "200067387", "2", "1"
    )  # fmt: skip
    assert row["reference_juridique"] == "Code de la commande publique, article L2511-6"
    assert (row["national"], row["donnees_de_demonstration"]) == ("true", "false")
    sheet = workbook["offres"]
    assert [cell.value for cell in sheet[1]] == names
    assert sheet.max_row == 2
    assert client.get(reverse("exchange:opendata_download", args=["json"])).status_code == 404


def test_the_dataset_is_in_the_sites_catalogue(client, world):
    catalogue = client.get("/donnees-ouvertes/catalogue.jsonld").json()
    [dataset] = [d for d in catalogue["dcat:dataset"] if d["dct:identifier"] == "bourse-offres"]
    assert dataset["dct:conformsTo"]["@id"].endswith("/bourse/donnees-ouvertes/offres.schema.json")
    assert {d["dct:format"] for d in dataset["dcat:distribution"]} == {"CSV", "XLSX"}
