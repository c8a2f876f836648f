"""The API's errors, as its OpenAPI document declares them: one JSON body for every refusal.

Every endpoint declares ``ERROR_RESPONSES`` beside its 200: a bad parameter (400), something
that does not exist (404), a method the endpoint does not take (405), too many requests (429),
all with the body ``{"detail": "message", "errors": [{"field": …, "message": …}]}``.
``JsonErrorsMiddleware`` gives that body to the refusals made before any endpoint runs.
"""

from http import HTTPStatus

from django.http import JsonResponse
from ninja import Field, Schema

API_PREFIX = "/api/"


class FieldError(Schema):
    field: str = Field(description="Paramètre en cause")
    message: str = Field(description="Ce qui ne va pas, en français")


class ErrorOut(Schema):
    detail: str = Field(description="Le motif du refus, en français")
    errors: list[FieldError] = Field(description="Les paramètres en cause, s’il y en a")


ERROR_RESPONSES = {
    HTTPStatus.BAD_REQUEST: ErrorOut,
    HTTPStatus.NOT_FOUND: ErrorOut,
    HTTPStatus.METHOD_NOT_ALLOWED: ErrorOut,
    HTTPStatus.TOO_MANY_REQUESTS: ErrorOut,
}


def responses(schema) -> dict:
    """The responses of an endpoint that answers ``schema``: it, and every declared error."""
    return {HTTPStatus.OK: schema, **ERROR_RESPONSES}


class JsonErrorsMiddleware:
    """Answer in the API's JSON the refusals of an API address made outside its endpoints.

    An address that matches no endpoint gets the site's 404 page, and a method that an
    endpoint does not take gets django-ninja's plain-text 405: both become the API's error
    body, with their status (and the ``Allow`` header of a 405).
    """

    MESSAGES = {
        HTTPStatus.NOT_FOUND: "Ressource introuvable.",
        HTTPStatus.METHOD_NOT_ALLOWED: "Méthode non admise.",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code in self.MESSAGES
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allow = response.get("Allow")
            response = JsonResponse(
                {"detail": self.MESSAGES[response.status_code], "errors": []},
                status=response.status_code,
            )
            if allow:
                response["Allow"] = allow
        return response
