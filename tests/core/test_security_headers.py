"""The headers that hold on every kind of response: Content-Security-Policy, Permissions-Policy,
and the security.txt that says whom to tell about a vulnerability."""

import datetime

import pytest
from django.utils import timezone

from tests.observatory.public_results import build_published_results

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
}


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(directive.strip().split(" ", 1) for directive in policy.split(";"))


@pytest.fixture
def responses(client, imported):
    build_published_results()
    return {
        "page": client.get("/"),
        "404": client.get("/nulle-part/"),
        "api": client.get("/api/v1/territories?q=nevers"),
        "api 404": client.get("/api/v1/territories/commune/00000"),
        "csv": client.get("/observatoire/donnees-ouvertes/2026/scores.csv"),
        "security.txt": client.get("/.well-known/security.txt"),
        "widget": client.get("/observatoire/vignette/commune/58900/"),
        "badge": client.get("/observatoire/vignette/commune/58900/badge.svg"),
    }


def test_every_kind_of_response_carries_the_policies(responses):
    statuses = {kind: response.status_code for kind, response in responses.items()}
    assert statuses == {
        "page": 200,
        "404": 404,
        "api": 200,
        "api 404": 404,
        "csv": 200,
        "security.txt": 200,
        "widget": 200,
        "badge": 200,
    }
    for kind, response in responses.items():
        expected = POLICY | ({"frame-ancestors": "*"} if kind in {"widget", "badge"} else {})
        assert directives(response) == expected, kind
        assert response["Permissions-Policy"] == (
            "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
            "microphone=(), payment=(), usb=()"
        ), kind


def test_pages_carry_no_inline_script_style_or_handler(responses):
    page = responses["page"].content.decode()
    assert "<script>" not in page and "<style" not in page and " style=" not in page
    assert " onclick=" not in page
    assert '<script src="/static/core/site.js" defer></script>' in page


def test_security_txt_follows_rfc_9116(client, settings):
    settings.CONTACT_EMAIL = "securite@reseau.example"
    response = client.get("/.well-known/security.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:securite@reseau.example"
    assert fields["Preferred-Languages"] == "fr"
    assert fields["Canonical"] == "http://testserver/.well-known/security.txt"
    expires = datetime.datetime.fromisoformat(fields["Expires"])
    assert fields["Expires"].endswith("Z")
    assert timezone.now() + datetime.timedelta(days=30) < expires
    assert expires < timezone.now() + datetime.timedelta(days=365)
