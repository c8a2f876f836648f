"""The API's documentation page: the OpenAPI document read into a French page of the site.

Instead of Swagger UI (English, outside the site's frame, its own colours), the page
is rendered on the server from ``api.get_openapi_schema()``: per tag, each endpoint
with its method, path, parameters, responses and an example request; then every
response schema with its fields. Built from the document itself, a new endpoint or
parameter is documented as soon as it exists.
"""

import dataclasses
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import DocsBase

from territoires.awards.models import Edition
from territoires.commons.models import Commun
from territoires.debates.models import Debate
from territoires.geo.enums import TerritoryKind
from territoires.geo.models import Territory
from territoires.observatory.framework import available_editions
from territoires.observatory.models import Assessment

WHERE = {"path": "chemin", "query": "requête", "header": "en-tête", "cookie": "cookie"}
TYPES = {
    "integer": "entier",
    "number": "nombre",
    "string": "texte",
    "boolean": "booléen (true ou false)",
    "object": "objet",
    "null": "null",
}
RESPONSES = {"OK": "Succès"}
# Example values of the path and required parameters, for the example requests; the
# collectivité and the edition are read from the data (``examples``), so that every example
# answers.
EXAMPLES = {
    "kind": "commune",
    "code": "69123",
    "edition": "2026",
    "debate_id": "1",
    "year": "2026",
    "slug": "decidim",
}


def examples() -> dict[str, str]:
    """``EXAMPLES`` with a commune that publishes its scores (else any current commune), the
    latest framework edition, the first public debate, the latest public edition of the
    labels and the first published commun."""
    public = Assessment.objects.public_scores().filter(territory__kind=TerritoryKind.COMMUNE)
    commune = (
        Territory.objects.filter(pk__in=public.values("territory_id")).order_by("code").first()
        or Territory.objects.current().filter(kind=TerritoryKind.COMMUNE).order_by("code").first()
    )
    found = {"edition": str(available_editions()[0])}
    if commune is not None:
        found["code"] = commune.code
    debate = Debate.objects.public().order_by("pk").first()
    if debate is not None:
        found["debate_id"] = str(debate.pk)
    labels = Edition.objects.public().order_by("-year").first()
    if labels is not None:
        found["year"] = str(labels.year)
    commun = Commun.objects.published().order_by("slug").first()
    if commun is not None:
        found["slug"] = commun.slug
    return {**EXAMPLES, **found}


COMPONENTS = "#/components/schemas/"


@dataclasses.dataclass(frozen=True)
class Row:
    """A parameter of an endpoint or a field of a schema."""

    name: str
    where: str  # parameters only
    type: str
    schema: str  # the documented schema the type refers to, if any
    required: bool
    description: str
    allowed: str


@dataclasses.dataclass(frozen=True)
class Response:
    status: str
    description: str
    type: str
    schema: str


@dataclasses.dataclass(frozen=True)
class Endpoint:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Row]
    responses: list[Response]
    example: str  # a request URL for a GET endpoint


@dataclasses.dataclass(frozen=True)
class Schema:
    name: str
    fields: list[Row]


def _name(ref: str) -> str:
    return ref.removeprefix(COMPONENTS)


def _describe(schema: dict, components: dict) -> tuple[str, str]:
    """``(type in French, referred schema name)`` of a JSON schema."""
    if "$ref" in schema:
        name = _name(schema["$ref"])
        target = components.get(name, {})
        if "enum" in target:  # an enumeration reads as its values' type
            return TYPES.get(target.get("type", "string"), "texte"), ""
        return f"objet {name}", name
    if "anyOf" in schema:
        kinds = [_describe(option, components) for option in schema["anyOf"]]
        named = [name for _, name in kinds if name]
        return " ou ".join(label for label, _ in kinds), named[0] if named else ""
    kind = schema.get("type", "")
    if kind == "array":
        item, name = _describe(schema.get("items", {}), components)
        if item.startswith("objet "):
            return f"liste d’objets {item.removeprefix('objet ')}", name
        return f"liste {'d’' if item[0] in 'aeioué' else 'de '}{item}s", name
    return TYPES.get(kind, kind or "quelconque"), ""


def _enum(schema: dict, components: dict) -> list:
    if "enum" in schema:
        return schema["enum"]
    if "$ref" in schema:
        return components.get(_name(schema["$ref"]), {}).get("enum", [])
    for option in schema.get("anyOf", []):
        if values := _enum(option, components):
            return values
    return []


def _allowed(schema: dict, components: dict) -> str:
    """The values a parameter or field accepts, in French."""
    parts = []
    if values := _enum(schema, components):
        parts.append("valeurs : " + ", ".join(str(value) for value in values))
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        parts.append(f"de {low} à {high}")
    elif low is not None:
        parts.append(f"au moins {low}")
    elif high is not None:
        parts.append(f"au plus {high}")
    if "maxLength" in schema:
        parts.append(f"au plus {schema['maxLength']} caractères")
    if "default" in schema and schema["default"] not in ("", None):
        default = schema["default"]
        written = str(default).lower() if isinstance(default, bool) else default
        parts.append(f"par défaut : {written}")
    return " ; ".join(parts)


def _row(
    name: str, schema: dict, components: dict, *, required: bool, where="", description=""
) -> Row:
    kind, referred = _describe(schema, components)
    if where:  # a parameter given as null is a parameter not given: only a field says null
        kind = kind.removesuffix(" ou null")
    return Row(
        name=name,
        where=where,
        type=kind,
        schema=referred,
        required=required,
        description=description or schema.get("description", ""),
        allowed=_allowed(schema, components),
    )


def _example(path: str, parameters: list[dict], components: dict, values: dict) -> str:
    """A request URL: path parameters filled in (``values``), required query parameters given."""
    query = []
    for parameter in parameters:
        name = parameter["name"]
        value = values.get(name) or next(iter(_enum(parameter["schema"], components)), name)
        if parameter["in"] == "path":
            path = path.replace(f"{{{name}}}", str(value))
        elif parameter.get("required"):
            query.append(f"{name}={value}")
    return path + ("?" + "&".join(query) if query else "")


def _references(schema: Any) -> set[str]:
    """The component schemas a JSON schema refers to, directly."""
    if isinstance(schema, dict):
        found = {_name(schema["$ref"])} if "$ref" in schema else set()
        for value in schema.values():
            found |= _references(value)
        return found
    if isinstance(schema, list):
        return set().union(*(_references(value) for value in schema)) if schema else set()
    return set()


def documentation(openapi: dict, values: dict | None = None) -> dict:
    """The page's content: endpoints grouped by tag, then the schemas the responses use;
    the example requests with ``values`` (``EXAMPLES`` by default)."""
    values = values or EXAMPLES
    components = openapi.get("components", {}).get("schemas", {})
    tags: dict[str, list[Endpoint]] = {}
    used: set[str] = set()
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            parameters = operation.get("parameters", [])
            responses = []
            for status, response in operation.get("responses", {}).items():
                schema = response.get("content", {}).get("application/json", {}).get("schema", {})
                kind, referred = _describe(schema, components) if schema else ("", "")
                used |= _references(schema)
                description = response.get("description", "")
                responses.append(
                    Response(status, RESPONSES.get(description, description), kind, referred)
                )
            endpoint = Endpoint(
                anchor=operation.get("operationId", f"{method}-{path}"),
                method=method.upper(),
                path=path,
                summary=operation.get("summary", ""),
                description=operation.get("description", ""),
                parameters=[
                    _row(
                        p["name"],
                        p["schema"],
                        components,
                        required=p.get("required", False),
                        where=WHERE.get(p["in"], p["in"]),
                        description=p.get("description", ""),
                    )
                    for p in parameters
                ],
                responses=responses,
                example=_example(path, parameters, components, values) if method == "get" else "",
            )
            for tag in operation.get("tags", ["Autres"]):
                tags.setdefault(tag, []).append(endpoint)
    # The schemas the responses use, and those these refer to.
    pending = list(used)
    while pending:
        for name in _references(components.get(pending.pop(), {})) - used:
            used.add(name)
            pending.append(name)
    schemas = [
        Schema(
            name=name,
            fields=[
                _row(field, value, components, required=field in schema.get("required", []))
                for field, value in schema.get("properties", {}).items()
            ],
        )
        for name, schema in components.items()
        if name in used and "properties" in schema
    ]
    return {"info": openapi["info"], "tags": tags, "schemas": schemas}


class FrenchDocs(DocsBase):
    """The documentation page at the API's ``docs_url``, in the site's frame."""

    def render_page(self, request: HttpRequest, api, **kwargs: Any) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        return render(
            request,
            "api/docs.html",
            {
                **documentation(api.get_openapi_schema(path_params=kwargs), examples()),
                "openapi_url": openapi_url,
                "site_root": request.build_absolute_uri("/").rstrip("/"),
                "breadcrumb": {
                    "links": [
                        {
                            "url": reverse("observatory_public:opendata"),
                            "title": "Données ouvertes",
                        }
                    ],
                    "current": "Documentation de l’API",
                },
            },
        )
