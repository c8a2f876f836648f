"""Open data of every module: Table Schema fields, CSV and XLSX files, and the DCAT catalogue.

A module publishes a dataset with three things, all from here:

- its columns as :class:`Field` objects, turned into a Table Schema (frictionless
  specification) by :func:`table_schema`;
- its rows as typed values in the order of the fields (``None`` for an empty cell), written by
  :func:`download_response` as a streamed CSV or a row-by-row XLSX (memory stays flat however
  many rows there are), or written ahead of a request to a storage by :func:`file_store` (in a
  job, once the data changed) and sent from there by :func:`stored_file_response`;
- its entry in the site's DCAT catalogue: the module registers, from its ``AppConfig.ready()``,
  a *source* with :func:`catalogue_register`, a callable that gives the catalogue's datasets
  (:func:`dcat_dataset`) from a function making a path absolute. The catalogue
  (``/donnees-ouvertes/catalogue.jsonld``) and the site's open data page list every source's
  datasets, so that a higher module is listed without a lower one importing it (ADR 0006).
"""

import csv
import dataclasses
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook

LICENCE_NAME = "Licence Ouverte 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
FORMATS = {
    "csv": ("CSV", "text/csv"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
CSV_TRUE, CSV_FALSE = "true", "false"


@dataclasses.dataclass(frozen=True)
class Field:
    """One column of a dataset, as its Table Schema describes it."""

    name: str
    title: str
    description: str
    type: str  # string, integer, number, boolean, date, datetime
    constraints: dict[str, Any] = dataclasses.field(default_factory=dict)

    def as_schema(self) -> dict[str, Any]:
        schema = {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "type": self.type,
        }
        if self.type == "boolean":
            schema.update(trueValues=[CSV_TRUE], falseValues=[CSV_FALSE])
        if self.constraints:
            schema["constraints"] = self.constraints
        return schema


def table_schema(
    *,
    name: str,
    title: str,
    description: str,
    fields: Iterable[Field],
    primary_key: Iterable[str] = (),
) -> dict[str, Any]:
    """A Table Schema: an empty cell is the only missing value."""
    return {
        "name": name,
        "title": title,
        "description": description,
        "fields": [field.as_schema() for field in fields],
        "primaryKey": list(primary_key),
        "missingValues": [""],
    }


class _Echo:
    """A file-like object whose ``write`` returns the line, for a streamed csv.writer."""

    def write(self, value: str) -> str:
        return value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return CSV_TRUE if value else CSV_FALSE
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def csv_lines(field_names: Iterable[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """A CSV file, line by line: the field names, then the rows."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow(list(field_names))
    for row in rows:
        yield writer.writerow([_csv_cell(value) for value in row])


def _xlsx_cell(value: Any) -> Any:
    # openpyxl refuses time-zone-aware datetimes; the CSV's ISO text says the same thing.
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return value.isoformat()
    return value


def xlsx_file(
    *,
    sheet: str,
    field_names: Iterable[str],
    rows: Iterable[Iterable[Any]],
    notice: Iterable[str],
):
    """An XLSX file in a temporary file, rewound: the data sheet, then a notice sheet.

    openpyxl's write-only workbook writes rows as they come, so memory does not grow with
    the number of rows.
    """
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet(sheet)
    data.append(list(field_names))
    for row in rows:
        data.append([_xlsx_cell(value) for value in row])
    informations = workbook.create_sheet("informations")
    for line in notice:
        informations.append([line])
    # Closed by the response that sends it (FileResponse), hence no context manager.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return output


def _attachment(response, file_name: str):
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def download_response(
    *,
    extension: str,
    file_name: str,
    field_names: list[str],
    rows: Iterable[Iterable[Any]],
    notice: Iterable[str] = (),
    sheet: str = "donnees",
):
    """The response that downloads a dataset as ``extension`` (a key of :data:`FORMATS`): the
    CSV streamed, the XLSX written row by row with ``notice`` (title, licence, schema) on its
    second sheet."""
    _, media_type = FORMATS[extension]
    if extension == "csv":
        response = StreamingHttpResponse(
            csv_lines(field_names, rows), content_type=f"{media_type}; charset=utf-8"
        )
    else:
        output = xlsx_file(sheet=sheet, field_names=field_names, rows=rows, notice=notice)
        response = FileResponse(output, content_type=media_type)
    return _attachment(response, file_name)


def file_store(
    storage: Storage,
    name: str,
    *,
    extension: str,
    field_names: list[str],
    rows: Iterable[Iterable[Any]],
    notice: Iterable[str] = (),
    sheet: str = "donnees",
) -> str:
    """Write the file :func:`download_response` would send (the same bytes) to ``storage`` as
    ``name``, row by row through a temporary file; returns the name it was stored under."""
    if extension == "csv":
        output = tempfile.TemporaryFile()  # noqa: SIM115 (closed below)
        for line in csv_lines(field_names, rows):
            output.write(line.encode())
        output.seek(0)
    else:
        output = xlsx_file(sheet=sheet, field_names=field_names, rows=rows, notice=notice)
    with output:
        return storage.save(name, File(output))


def stored_file_response(storage: Storage, name: str, *, extension: str, file_name: str):
    """The response that sends a file of :func:`file_store`; None if it is no longer there."""
    _, media_type = FORMATS[extension]
    try:
        stored = storage.open(name, "rb")
    except FileNotFoundError:
        return None
    if extension == "csv":
        media_type = f"{media_type}; charset=utf-8"
    return _attachment(FileResponse(stored, content_type=media_type), file_name)


def dcat_dataset(
    *,
    identifier: str,
    title: str,
    description: str,
    modified: str,
    keywords: Iterable[str],
    schema_url: str,
    download_urls: dict[str, str],
    temporal: str | None = None,
) -> dict[str, Any]:
    """One dataset of the DCAT catalogue (JSON-LD), with a distribution per file format.

    ``schema_url`` and ``download_urls`` (extension -> URL) are absolute; ``modified`` is an
    ISO 8601 date or datetime."""
    dataset = {
        "@type": "dcat:Dataset",
        "@id": f"{schema_url}#jeu",
        "dct:identifier": identifier,
        "dct:title": title,
        "dct:description": description,
        "dct:license": {"@id": LICENCE_URL},
        "dct:modified": modified,
        "dct:spatial": "France",
        "dcat:keyword": list(keywords),
        "dct:conformsTo": {"@id": schema_url},
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dct:title": f"{title} ({FORMATS[extension][0]})",
                "dcat:downloadURL": {"@id": url},
                "dcat:accessURL": {"@id": url},
                "dcat:mediaType": FORMATS[extension][1],
                "dct:format": FORMATS[extension][0],
                "dct:conformsTo": {"@id": schema_url},
                "dct:license": {"@id": LICENCE_URL},
                "dct:modified": modified,
            }
            for extension, url in download_urls.items()
        ],
    }
    if temporal is not None:
        dataset["dct:temporal"] = temporal
    return dataset


CatalogueSource = Callable[[Callable[[str], str]], Iterable[dict[str, Any]]]
_sources: list[CatalogueSource] = []


def catalogue_register(source: CatalogueSource) -> None:
    """Add a module's datasets to the catalogue: ``source(absolute)`` gives them
    (:func:`dcat_dataset`), ``absolute`` making a site path an absolute URL."""
    if source not in _sources:
        _sources.append(source)


def catalogue_datasets(absolute: Callable[[str], str]) -> list[dict[str, Any]]:
    """Every registered module's datasets, in the order the modules were registered."""
    return [dataset for source in _sources for dataset in source(absolute)]


def catalogue(absolute: Callable[[str], str], *, catalogue_path: str, homepage_path: str):
    """The site's DCAT catalogue (JSON-LD), for the harvesters of open data portals."""
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Catalog",
        "@id": absolute(catalogue_path),
        "dct:title": f"Données ouvertes de {settings.SITE_NAME}",
        "dct:description": (
            "Les données publiques de la plateforme : résultats de l’Observatoire de la "
            "maturité numérique des territoires et des autres modules, chacune avec son "
            "schéma (Table Schema)."
        ),
        "dct:language": "fr",
        "dct:license": {"@id": LICENCE_URL},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": settings.SITE_NAME},
        "foaf:homepage": {"@id": absolute(homepage_path)},
        "dcat:dataset": catalogue_datasets(absolute),
    }
