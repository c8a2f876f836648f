"""Open data of the observatory: files, their Table Schemas, the catalogue and the page."""

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from territoires.observatory.enums import CampaignStatus, Publication
from territoires.observatory.framework import get_framework
from territoires.observatory.models import Campaign
from territoires.observatory.services import assessment_publication_set, campaign_publish
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.observatory.public_results import PRIVATE, PUBLIC_SCORES

pytestmark = pytest.mark.django_db
BASE = "/observatoire/donnees-ouvertes"
DATASETS = ("scores", "reponses", "agregats")
FRAMEWORK = get_framework(2026)


def typed_rows(schema: dict, text: str) -> list[dict]:
    """Validate a CSV file against its Table Schema; its rows as typed dicts.

    Checks: the header is the schema's field names, in order; every cell
    parses as its field's type; required fields are present; the constraints
    (minimum, maximum, enum, pattern) hold; the primary key is unique.
    """
    fields = schema["fields"]
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert header == [field["name"] for field in fields]
    required = set(schema["primaryKey"]) | {
        f["name"] for f in fields if f.get("constraints", {}).get("required")
    }
    rows, keys = [], set()
    for line in reader:
        assert len(line) == len(fields), line
        row = {}
        for cell, field in zip(line, fields, strict=True):
            name = field["name"]
            if cell in schema["missingValues"]:
                assert name not in required, f"{name} is required"
                row[name] = None
                continue
            row[name] = value = parse(field, cell)
            constraints = field.get("constraints", {})
            if "minimum" in constraints:
                assert value >= constraints["minimum"], (name, value)
            if "maximum" in constraints:
                assert value <= constraints["maximum"], (name, value)
            if "enum" in constraints:
                assert value in constraints["enum"], (name, value)
            if "pattern" in constraints:
                assert re.fullmatch(constraints["pattern"], value), (name, value)
        key = tuple(row[name] for name in schema["primaryKey"])
        assert key not in keys, f"duplicate key {key}"
        keys.add(key)
        rows.append(row)
    return rows


def parse(field: dict, cell: str):
    if field["type"] == "integer":
        assert re.fullmatch(r"-?[0-9]+", cell), (field["name"], cell)
        return int(cell)
    if field["type"] == "number":
        return float(cell)
    if field["type"] == "boolean":
        assert cell in field["trueValues"] + field["falseValues"], (field["name"], cell)
        return cell in field["trueValues"]
    assert field["type"] == "string"
    return cell


def download(client, year: int, slug: str, extension: str):
    response = client.get(f"{BASE}/{year}/{slug}.{extension}")
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content)


def schema_of(client, year: int, slug: str) -> dict:
    response = client.get(f"{BASE}/{year}/{slug}.schema.json")
    assert response.status_code == 200
    return response.json()


def csv_rows(client, year: int, slug: str) -> list[dict]:
    _, content = download(client, year, slug, "csv")
    return typed_rows(schema_of(client, year, slug), content.decode("utf-8"))


def xlsx_rows(client, year: int, slug: str) -> list[dict]:
    _, content = download(client, year, slug, "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == [slug, "informations"]
    lines = list(workbook[slug].iter_rows(values_only=True))
    header = list(lines[0])
    return [dict(zip(header, line, strict=True)) for line in lines[1:]]


def test_scores_hold_the_public_scores_only(client, published):
    rows = csv_rows(client, 2026, "scores")

    codes = [row["code"] for row in rows]
    expected = [published.commune(n).code for n in PUBLIC_SCORES]
    assert codes == [*expected, "97105"]
    first = rows[0]
    assert first["campagne"] == 2026 and first["donnees_de_demonstration"] is False
    assert (first["type_collectivite"], first["nom"], first["strate"]) == (
        "commune",
        "Village-0",
        "commune-0-499",
    )
    assert (first["code_departement"], first["code_region"]) == ("58", "27")
    assert (first["indice"], first["niveau"], first["libelle_niveau"]) == (100, 5, "Exemplaire")
    assert (first["completude"], first["score_cybr"], first["completude_cybr"]) == (100, 100, 100)
    assert first["score_lab"] is None  # no light question on the lab axis
    worst = rows[1]
    assert (worst["indice"], worst["niveau"], worst["libelle_niveau"]) == (0, 1, "Premiers pas")
    unanswered = rows[3]
    assert (unanswered["indice"], unanswered["niveau"], unanswered["completude"]) == (None, None, 0)
    basse_terre = rows[4]
    assert (basse_terre["code_departement"], basse_terre["code_region"]) == ("971", "01")


def test_answers_only_of_those_that_publish_them_decoded(client, published):
    rows = csv_rows(client, 2026, "reponses")

    by_code = {}
    for row in rows:
        by_code.setdefault(row["code"], {})[row["indicateur"]] = row
    assert set(by_code) == {published.commune(1).code, published.commune(3).code}
    worst, best = by_code[published.commune(1).code], by_code[published.commune(3).code]
    assert len(worst) == len(FRAMEWORK.light_indicators)
    assert (worst["CYBR-01"]["valeur"], best["CYBR-01"]["valeur"]) == ("non", "oui")
    assert (worst["EADM-05"]["valeur"], best["EADM-05"]["valeur"]) == ("0", "4")
    assert best["AMEN-01"]["valeur"] == "100"
    assert best["NRES-03"]["type_indicateur"] == "count"
    assert best["LAB-04"] == {
        "campagne": 2026,
        "donnees_de_demonstration": False,
        "type_collectivite": "commune",
        "code": published.commune(3).code,
        "indicateur": "LAB-04",
        "axe": "LAB",
        "type_indicateur": "multiple_choice",
        "statut": "repondu",
        "valeur": "collectivites|programmes-publics",
    }
    assert (best["LAB-01"]["statut"], best["LAB-01"]["valeur"]) == ("non_concerne", None)


def test_aggregates_count_every_published_assessment_and_leave_small_groups_out(client, published):
    rows = csv_rows(client, 2026, "agregats")

    groups = {(row["regroupement"], row["code_groupe"]): row for row in rows}
    assert set(groups) == {
        ("departement", "58"),
        ("region", "27"),
        ("stratum", "commune-0-499"),
    }
    nievre = groups[("departement", "58")]
    assert (nievre["nom_groupe"], nievre["nombre_evaluations"]) == ("Nièvre", 6)
    assert (
        nievre["indice_mediane"],
        nievre["indice_premier_quartile"],
        nievre["indice_troisieme_quartile"],
    ) == (100, 0, 100)
    assert (nievre["mediane_cybr"], nievre["mediane_lab"]) == (100, None)
    assert groups[("region", "27")]["nom_groupe"] == "Bourgogne-Franche-Comté"
    assert groups[("stratum", "commune-0-499")]["nom_groupe"] == ("Communes de moins de 500 hab.")


@override_settings(OBSERVATORY_PEER_MIN_GROUP=7)
def test_no_aggregate_for_a_group_under_the_minimum(client, published):
    assert csv_rows(client, 2026, "agregats") == []
    schema = schema_of(client, 2026, "agregats")
    assert schema["fields"][5]["constraints"]["minimum"] == 7
    assert "Un groupe de moins de 7 évaluations publiées n’apparaît pas" in schema["description"]


@override_settings(OBSERVATORY_PEER_MIN_GROUP=6)
def test_a_statistic_needs_the_minimum_of_published_scores(client, published):
    # 6 published assessments, but only 5 indices: the count is given, not the index.
    nievre = csv_rows(client, 2026, "agregats")[0]
    assert (nievre["nombre_evaluations"], nievre["indice_mediane"]) == (6, None)
    assert nievre["mediane_cybr"] is None


@pytest.mark.parametrize("slug", DATASETS)
def test_csv_and_xlsx_give_the_same_rows(client, published, slug):
    from_csv = csv_rows(client, 2026, slug)
    from_xlsx = xlsx_rows(client, 2026, slug)

    assert from_csv and from_xlsx == from_csv


def test_files_stream_with_their_names(client, published):
    response, _ = download(client, 2026, "scores", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="observatoire-2026-scores.csv"'
    assert not isinstance(response.streaming_content, list | tuple)
    response, _ = download(client, 2026, "reponses", "xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "observatoire-2026-reponses.xlsx" in response["Content-Disposition"]


def stored_files(campaign) -> dict[str, bytes]:
    """The open data files of ``campaign`` in the site's storage, by folder and name."""
    folder = f"observatoire/donnees-ouvertes/{campaign.pk}"
    if not default_storage.exists(folder):
        return {}
    return {
        f"{writing}/{name}": default_storage.open(f"{folder}/{writing}/{name}").read()
        for writing in default_storage.listdir(folder)[0]
        for name in default_storage.listdir(f"{folder}/{writing}")[1]
    }


def served(client, path: str) -> tuple[bytes, bool]:
    """The file a visitor downloads at ``path`` (of campaign 2026), and whether the site sent
    it from its storage: without reading a single assessment."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{BASE}/2026/{path}")
        content = b"".join(response.streaming_content)
    return content, not any("observatory_assessment" in query["sql"] for query in queries)


def test_files_are_written_by_a_job_before_anyone_asks_and_follow_every_change(
    client, published, django_capture_on_commit_callbacks
):
    campaign = published.campaign
    village = published.commune(0)  # publishes its scores: in the scores file
    referent = UserFactory(email="ref@village-0.fr")
    OrganisationFactory(territory=village, referents=[referent])
    # The campaign closed, its results not yet published: no file anywhere.
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.CLOSED)
    assert client.get(f"{BASE}/2026/scores.csv").status_code == 404
    assert stored_files(campaign) == {}

    # Staff publishes the results: the job that follows (on the queue, run at once in the
    # tests) writes the six files before any visitor asks for one.
    with django_capture_on_commit_callbacks(execute=True):
        campaign_publish(actor=UserFactory(staff=True), campaign=campaign)
    first = stored_files(campaign)
    [writing] = {name.split("/")[0] for name in first}
    assert sorted(name.split("/")[1] for name in first) == sorted(
        f"observatoire-2026-{slug}.{extension}"
        for slug in DATASETS
        for extension in ("csv", "xlsx")
    )
    stored_scores = first[f"{writing}/observatoire-2026-scores.csv"]
    assert f"commune,{village.code},".encode() in stored_scores
    assert served(client, "scores.csv") == (stored_scores, True)
    response, _ = download(client, 2026, "scores", "csv")
    assert response["Content-Length"] == str(len(stored_scores))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="observatoire-2026-scores.csv"'
    response, content = download(client, 2026, "reponses", "xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        'attachment; filename="observatoire-2026-reponses.xlsx"'
    )
    assert content == first[f"{writing}/observatoire-2026-reponses.xlsx"]

    # Village-0 withdraws its scores. From the moment it is stored, no visitor gets the
    # former files, even before the job has written the new ones: the file is written for
    # the request.
    with django_capture_on_commit_callbacks() as callbacks:
        assessment_publication_set(
            actor=referent,
            assessment=published.assessments[0],
            publication=Publication.AGGREGATES,
        )
    drop_cached, enqueue_job = callbacks
    drop_cached()
    content, from_storage = served(client, "scores.csv")
    assert not from_storage
    assert f"commune,{village.code},".encode() not in content
    enqueue_job()
    second = stored_files(campaign)
    # The new files replace the former ones, which are deleted.
    assert not set(second) & set(first)
    assert len(second) == len(DATASETS) * 2
    [new_scores] = [data for name, data in second.items() if name.endswith("scores.csv")]
    assert served(client, "scores.csv") == (content, True)
    assert new_scores == content
    # Kept until the results change, however long that takes.
    with time_machine.travel(datetime.now(UTC) + timedelta(days=3)):
        assert served(client, "scores.csv") == (content, True)


def test_private_draft_and_unpublished_appear_in_no_file(client, published):
    hidden = [published.commune(n) for n in PRIVATE] + [published.saint_eloi]
    for year in (2026, 2024):
        for slug in DATASETS:
            for extension in ("csv", "xlsx"):
                _, content = download(client, year, slug, extension)
                if extension == "xlsx":
                    workbook = openpyxl.load_workbook(io.BytesIO(content))
                    content = repr(list(workbook[slug].iter_rows(values_only=True))).encode()
                for territory in hidden:
                    assert territory.code.encode() not in content
                    assert territory.name.encode() not in content
    for slug in DATASETS:
        for path in (f"{slug}.csv", f"{slug}.xlsx", f"{slug}.schema.json"):
            assert client.get(f"{BASE}/2025/{path}").status_code == 404
    assert client.get(f"{BASE}/2026/inconnu.csv").status_code == 404


def test_a_demo_campaign_is_labelled_in_every_file(client, published):
    scores = csv_rows(client, 2024, "scores")
    assert [row["code"] for row in scores] == [published.challuy.code]
    assert scores[0]["donnees_de_demonstration"] is True
    assert all(row["donnees_de_demonstration"] for row in csv_rows(client, 2024, "reponses"))
    for slug in DATASETS:
        schema = schema_of(client, 2024, slug)
        assert schema["description"].startswith("Données de démonstration")
        response, content = download(client, 2024, slug, "xlsx")
        assert "demonstration.xlsx" in response["Content-Disposition"]
        notice = openpyxl.load_workbook(io.BytesIO(content))["informations"]
        assert next(notice.iter_rows(values_only=True))[0].startswith("Données de démonstration")
        assert "demonstration.csv" in download(client, 2024, slug, "csv")[0]["Content-Disposition"]
    assert not schema_of(client, 2026, "scores")["description"].startswith("Données de démo")


def test_schemas_describe_every_field(client, published):
    schema = schema_of(client, 2026, "scores")

    assert schema["primaryKey"] == ["type_collectivite", "code"]
    assert schema["missingValues"] == [""]
    names = [field["name"] for field in schema["fields"]]
    assert names[:4] == ["campagne", "donnees_de_demonstration", "type_collectivite", "code"]
    assert [n for n in names if n.startswith("score_")] == [
        f"score_{axis.code.lower()}" for axis in FRAMEWORK.axes
    ]
    for field in schema["fields"]:
        assert field["title"] and field["description"]
        assert field["type"] in {"string", "integer", "number", "boolean"}
    assert schema_of(client, 2026, "reponses")["primaryKey"] == [
        "type_collectivite",
        "code",
        "indicateur",
    ]


def test_the_dcat_catalogue_lists_every_file(client, published):
    response = client.get("/donnees-ouvertes/catalogue.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    catalogue = json.loads(response.content)

    assert catalogue["@type"] == "dcat:Catalog"
    datasets = {
        dataset["dct:identifier"]: dataset
        for dataset in catalogue["dcat:dataset"]
        if dataset["dct:identifier"].startswith("observatoire-")
    }
    assert set(datasets) == {
        f"observatoire-{year}-{slug}" for year in (2026, 2024) for slug in DATASETS
    }
    downloads = set()
    for identifier, dataset in datasets.items():
        assert dataset["dct:license"]["@id"].endswith("/licence-ouverte-open-licence/")
        assert dataset["dct:modified"]
        assert ("démonstration" in dataset["dct:title"]) == identifier.startswith(
            "observatoire-2024"
        )
        schema_path = dataset["dct:conformsTo"]["@id"].removeprefix("http://testserver")
        assert client.get(schema_path).status_code == 200
        formats = set()
        for distribution in dataset["dcat:distribution"]:
            url = distribution["dcat:downloadURL"]["@id"]
            assert url.startswith("http://testserver/observatoire/donnees-ouvertes/")
            assert distribution["dct:conformsTo"]["@id"] == dataset["dct:conformsTo"]["@id"]
            formats.add(distribution["dct:format"])
            downloads.add(url.removeprefix("http://testserver"))
        assert formats == {"CSV", "XLSX"}
    assert downloads == {
        f"{BASE}/{year}/{slug}.{extension}"
        for year in (2026, 2024)
        for slug in DATASETS
        for extension in ("csv", "xlsx")
    }
    for path in downloads:
        assert client.get(path).status_code == 200


def test_the_open_data_page_lists_the_files(client, published):
    response = client.get(f"{BASE}/")
    assert response.status_code == 200
    page = response.content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))

    assert "Données ouvertes de l’Observatoire" in text
    assert "Campagne 2026" in text and "Campagne 2024 Données de démonstration" in text
    assert "Campagne 2025" not in text
    for year in (2026, 2024):
        for slug in DATASETS:
            for extension in ("csv", "xlsx", "schema.json"):
                assert f'href="{BASE}/{year}/{slug}.{extension}"' in page
    # Rows of 2026: 5 scores, 2 × 20 light answers + 2, 3 aggregates.
    rows = re.findall(r"</th>\s*<td>(\d+)</td>", page)
    assert rows[:3] == ["5", "42", "3"]
    assert "Un groupe de moins de 5 évaluations publiées n’apparaît pas" in text
    assert "{" not in text
    assert 'href="/donnees-ouvertes/catalogue.jsonld"' in page
    assert "Licence Ouverte 2.0" in text


def test_the_open_data_page_without_a_published_campaign(client, db):
    text = client.get(f"{BASE}/").content.decode()
    assert "Aucune campagne n’est encore publiée" in text


def test_the_observatory_links_to_open_data(client, db):
    assert f'href="{BASE}/"' in client.get("/observatoire/methodologie/").content.decode()
    assert f'href="{BASE}/"' in client.get("/plan-du-site/").content.decode()
