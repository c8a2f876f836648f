"""The public JSON API v1: one NinjaAPI, one OpenAPI document, documented at /api/v1/docs."""

from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from territoires.api.commons import reports_router as commons_reports_router
from territoires.api.commons import router as commons_router
from territoires.api.debates import router as debates_router
from territoires.api.docs import FrenchDocs
from territoires.api.events import router as events_router
from territoires.api.exchange import router as exchange_router
from territoires.api.labels import router as labels_router
from territoires.api.observatory import router as observatory_router
from territoires.api.territories import router as territories_router
from territoires.core.errors import BusinessError

api = NinjaAPI(
    title="API Territoires numériques",
    version="1",
    description=(
        "Données publiques de la plateforme Territoires numériques : référentiel territorial, "
        "résultats publiés de l’Observatoire, agenda du réseau, catalogue des communs et "
        "retours d’expérience, offres et besoins publiés de la bourse, débats locaux publics et "
        "leurs synthèses. Réponses en JSON ; les erreurs ont la forme "
        '`{"detail": "message", "errors": [{"field": …, "message": …}]}`.'
    ),
    urls_namespace="api-v1",
    docs=FrenchDocs(),
)
api.add_router("/territories", territories_router)
api.add_router("/observatory", observatory_router)
api.add_router("/bourse", exchange_router)
api.add_router("/communs", commons_router)
api.add_router("/retours-experience", commons_reports_router)
api.add_router("/evenements", events_router)
api.add_router("/debats", debates_router)
api.add_router("/labels", labels_router)


def french_message(error: dict) -> str:
    """A French message for one pydantic validation error."""
    context = error.get("ctx", {})
    messages = {
        "missing": "paramètre obligatoire.",
        "int_parsing": "doit être un nombre entier.",
        "int_type": "doit être un nombre entier.",
        "bool_parsing": "doit valoir true ou false.",
        "greater_than_equal": "doit être supérieur ou égal à {ge}.",
        "less_than_equal": "doit être inférieur ou égal à {le}.",
        "string_too_long": "ne doit pas dépasser {max_length} caractères.",
        "string_pattern_mismatch": "format non admis.",
        "enum": "valeur non admise ; valeurs admises : {expected}.",
        "literal_error": "valeur non admise ; valeurs admises : {expected}.",
    }
    template = messages.get(error["type"], "valeur invalide.")
    return template.format(**context).replace("' or '", "', '")


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError):
    errors = [
        {
            "field": ".".join(str(part) for part in error["loc"][1:]),
            "message": french_message(error),
        }
        for error in exc.errors
    ]
    return api.create_response(
        request, {"detail": "Paramètres invalides.", "errors": errors}, status=400
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return api.create_response(
        request, {"detail": "Ressource introuvable.", "errors": []}, status=404
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    return api.create_response(
        request, {"detail": exc.message, "errors": []}, status=exc.status_code
    )


@api.exception_handler(BusinessError)
def business_error(request: HttpRequest, exc: BusinessError):
    """A service's refusal: its French message, its field errors and its status."""
    errors = [
        {"field": field, "message": message}
        for field, messages in exc.errors.items()
        for message in messages
    ]
    return api.create_response(
        request, {"detail": exc.message, "errors": errors}, status=exc.status
    )
