"""The site's open data: the catalogue that every module registers into, and its page."""

import json
import re

import openpyxl
import pytest
from django.core.files.storage import FileSystemStorage

from territoires.core import opendata
from territoires.core.opendata import (
    Field,
    dcat_dataset,
    download_response,
    file_store,
    stored_file_response,
    table_schema,
)
from tests.observatory.public_results import build_published_results


@pytest.fixture
def published(imported):
    """Campaigns 2026 (published) and 2024 (a published demo) of the observatory's tests."""
    return build_published_results()


def _test_source(absolute):
    return [
        dcat_dataset(
            identifier="essai-offres",
            title="Offres d’essai",
            description="Un jeu de données d’un module des tests.",
            modified="2026-11-30",
            keywords=["essai"],
            schema_url=absolute("/essai/offres.schema.json"),
            download_urls={"csv": absolute("/essai/offres.csv")},
        )
    ]


@pytest.fixture
def test_source():
    opendata.catalogue_register(_test_source)
    yield
    opendata._sources.remove(_test_source)


def test_a_module_registered_appears_in_the_catalogue_beside_the_observatory(
    client, published, test_source
):
    response = client.get("/donnees-ouvertes/catalogue.jsonld")

    assert response["Content-Type"] == "application/ld+json"
    catalogue = json.loads(response.content)
    identifiers = [dataset["dct:identifier"] for dataset in catalogue["dcat:dataset"]]
    # The observatory registers first (its app comes first), with its three files of the
    # published campaign 2026, then of the demo campaign 2024 (newest first); the other
    # modules follow, the tests' source last.
    assert identifiers[:6] + identifiers[-1:] == [
        "observatoire-2026-scores",
        "observatoire-2026-reponses",
        "observatoire-2026-agregats",
        "observatoire-2024-scores",
        "observatoire-2024-reponses",
        "observatoire-2024-agregats",
        "essai-offres",
    ]
    essai = catalogue["dcat:dataset"][-1]
    assert essai["@id"] == "http://testserver/essai/offres.schema.json#jeu"
    assert essai["dcat:distribution"] == [
        {
            "@type": "dcat:Distribution",
            "dct:title": "Offres d’essai (CSV)",
            "dcat:downloadURL": {"@id": "http://testserver/essai/offres.csv"},
            "dcat:accessURL": {"@id": "http://testserver/essai/offres.csv"},
            "dcat:mediaType": "text/csv",
            "dct:format": "CSV",
            "dct:conformsTo": {"@id": "http://testserver/essai/offres.schema.json"},
            "dct:license": {"@id": opendata.LICENCE_URL},
            "dct:modified": "2026-11-30",
        }
    ]
    assert catalogue["foaf:homepage"] == {"@id": "http://testserver/donnees-ouvertes/"}


def test_the_open_data_page_links_every_registered_file(client, published, test_source):
    page = client.get("/donnees-ouvertes/").content.decode()

    links = re.findall(r'href="(http://testserver/[^"]+)"', page)
    assert "http://testserver/essai/offres.csv" in links
    assert "http://testserver/essai/offres.schema.json" in links
    observatory = [link for link in links if "/observatoire/donnees-ouvertes/" in link]
    # Two campaigns, three datasets, a CSV, an XLSX and a schema each.
    assert len(observatory) == 2 * 3 * 3
    for link in observatory:
        assert client.get(link.removeprefix("http://testserver")).status_code == 200
    assert "Offres d’essai" in page


def test_the_footer_links_the_open_data_page(client, db):
    assert 'href="/donnees-ouvertes/"' in client.get("/").content.decode()


def test_files_are_written_from_typed_rows():
    fields = [
        Field("code", "Code", "Le code.", "string", {"required": True}),
        Field("actif", "Actif", "Vrai ou faux.", "boolean"),
        Field("part", "Part", "Une part.", "number"),
    ]
    rows = [["01", True, 12.5], ["02", False, None]]

    response = download_response(
        extension="csv", file_name="essai.csv", field_names=[f.name for f in fields], rows=rows
    )

    assert b"".join(response.streaming_content).decode() == (
        "code,actif,part\r\n01,true,12.5\r\n02,false,\r\n"
    )
    assert response["Content-Disposition"] == 'attachment; filename="essai.csv"'
    schema = table_schema(name="essai", title="Essai", description="Un essai.", fields=fields)
    assert schema["fields"][1] == {
        "name": "actif",
        "title": "Actif",
        "description": "Vrai ou faux.",
        "type": "boolean",
        "trueValues": ["true"],
        "falseValues": ["false"],
    }
    assert schema["missingValues"] == [""]


def test_a_file_stored_ahead_is_sent_as_it_was_written(settings):
    storage = FileSystemStorage(location=settings.MEDIA_ROOT)
    rows = [["01", True, 12.5], ["02", False, None]]
    name = file_store(
        storage,
        "essai/fichier.csv",
        extension="csv",
        field_names=["code", "actif", "part"],
        rows=rows,
    )
    xlsx = file_store(
        storage,
        "essai/fichier.xlsx",
        extension="xlsx",
        field_names=["code", "actif", "part"],
        rows=rows,
        notice=["Un essai."],
    )

    assert storage.open(name).read() == b"code,actif,part\r\n01,true,12.5\r\n02,false,\r\n"
    response = stored_file_response(storage, name, extension="csv", file_name="essai.csv")
    assert b"".join(response.streaming_content) == storage.open(name).read()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="essai.csv"'
    workbook = openpyxl.load_workbook(storage.open(xlsx))
    assert list(workbook["donnees"].iter_rows(values_only=True)) == [
        ("code", "actif", "part"),
        ("01", True, 12.5),
        ("02", False, None),
    ]
    assert list(workbook["informations"].iter_rows(values_only=True)) == [("Un essai.",)]
    storage.delete(name)
    assert stored_file_response(storage, name, extension="csv", file_name="essai.csv") is None
