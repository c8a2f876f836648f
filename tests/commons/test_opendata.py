"""Open data of the catalogue: CSV and XLSX of the communs and public usages, each with its
Table Schema, listed in the site's DCAT catalogue; never a usage kept for members."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.commons.factories import CommunFactory, UsageFactory

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_files_hold_published_communs_and_public_usages(client, people):
    UsageFactory(commun=people.commun, organisation=people.organisation, since_year=2021)
    UsageFactory(commun=people.commun, private=True)
    CommunFactory(name="Proposé", proposed=True)
    communs = csv_rows(client.get(reverse("commons:opendata_download", args=["communs", "csv"])))
    assert [
        (row["identifiant"], row["licence"], row["utilisateurs_publics"], row["axes"])
        for row in communs
    ] == [("parapheur-libre", "MIT", "1", "DATA")]
    usages = csv_rows(client.get(reverse("commons:opendata_download", args=["usages", "csv"])))
    assert [
        (row["commun"], row["siren"], row["depuis"], row["donnees_de_demonstration"])
        for row in usages
    ] == [("parapheur-libre", people.organisation.siren, "2021", "false")]
    workbook = load_workbook(
        io.BytesIO(
            b"".join(
                client.get(
                    reverse("commons:opendata_download", args=["usages", "xlsx"])
                ).streaming_content
            )
        )
    )
    assert [cell.value for cell in next(workbook["usages"].iter_rows())][:3] == [
        "commun",
        "organisation",
        "siren",
    ]


def test_each_file_has_its_table_schema_and_is_in_the_dcat_catalogue(client, people):
    schema = client.get(reverse("commons:opendata_schema", args=["usages"])).json()
    assert [field["name"] for field in schema["fields"]] == [
        "commun", "organisation", "siren", "type_territoire", "code_territoire", "depuis",
        "heberge_par", "donnees_de_demonstration",
    ]  # fmt: skip
    assert schema["primaryKey"] == ["commun", "siren"]
    catalogue = client.get("/donnees-ouvertes/catalogue.jsonld").json()
    identifiers = [dataset["dct:identifier"] for dataset in catalogue["dcat:dataset"]]
    assert {"communs-communs", "communs-usages"} <= set(identifiers)
    assert client.get("/communs/donnees/inconnu.csv").status_code == 404
    assert client.get("/communs/donnees/communs.pdf").status_code == 404
