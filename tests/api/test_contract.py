"""The API keeps its contract: schemathesis generates requests from the OpenAPI document, valid
and invalid, and every answer must be documented (status, content type, headers, body schema),
never a server error; what the document accepts the API accepts, and what it refuses the API
refuses."""

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from territoires.geo.models import Territory
from tests.exchange.factories import NeedFactory, OfferFactory
from tests.observatory.public_results import build_published_results

pytestmark = pytest.mark.django_db


# The document is read from the app itself, whose requests the cases then run in this process
# (schemathesis' lazy loading from a fixture does not run under pytest 9).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def results(imported):
    """Published results, so that the API answers with data as well as with errors.

    The app is called as a WSGI application, which closes the database connection at the
    end of each request; the test's transaction needs it open (Django's test client keeps it
    open the same way)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    results = build_published_results()
    # Offers and needs of the bourse, some in the référentiel's Nièvre.
    nievre = Territory.objects.get(kind="departement", code="58")
    OfferFactory(national=False, area=[nievre])
    OfferFactory(draft=True)
    NeedFactory(published=True)
    yield results
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis.seed(2026)
@hypothesis.settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
def test_the_api_keeps_the_contract_of_its_openapi_document(case, results):
    case.call_and_validate()


def test_every_operation_declares_its_errors_with_their_body(client):
    document = client.get("/api/v1/openapi.json").json()
    error = document["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["detail", "errors"]
    field_error = document["components"]["schemas"]["FieldError"]
    assert set(field_error["properties"]) == {"field", "message"}
    operations = [operation for path in document["paths"].values() for operation in path.values()]
    assert len(operations) == 18
    for operation in operations:
        assert set(operation["responses"]) == {"200", "400", "404", "405", "429"}
        for status in ("400", "404", "405", "429"):
            body = operation["responses"][status]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/ErrorOut"}


def test_the_document_bounds_what_the_api_refuses(client):
    document = client.get("/api/v1/openapi.json").json()
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in document["paths"]["/api/v1/observatory/scores"]["get"]["parameters"]
    }
    year = parameters["campaign"]["anyOf"][0]
    assert (year["type"], year["minimum"], year["maximum"]) == ("integer", 2000, 2100)
    assert parameters["page"]["minimum"] == 1
    assert parameters["departement"]["pattern"] == "^([0-9][0-9ABab][0-9]?)?$"
    detail = document["paths"]["/api/v1/territories/{kind}/{code}"]["get"]["parameters"]
    assert {parameter["name"]: parameter["schema"].get("pattern") for parameter in detail}[
        "code"
    ] == "^[0-9][0-9ABab][0-9]{0,7}$"


@pytest.mark.parametrize(
    ("method", "path", "status", "detail"),
    [
        ("post", "/api/v1/territories", 405, "Méthode non admise."),
        ("delete", "/api/v1/observatory/campaigns", 405, "Méthode non admise."),
        ("get", "/api/v1/nulle-part", 404, "Ressource introuvable."),
        ("get", "/api/v1/territories/commune/58%2F194", 404, "Ressource introuvable."),
    ],
)
def test_refusals_outside_the_endpoints_are_in_the_api_json(client, method, path, status, detail):
    response = getattr(client, method)(path)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": detail, "errors": []}
    if status == 405:
        assert response["Allow"] == "GET"
