"""The site as it is deployed: gunicorn, WhiteNoise and ``collectstatic`` with the production
settings, in a real browser. The site once shipped unstyled while every other test was green:
the browser refused the DSFR's files, whose integrity hashes no longer matched."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings

from tests.oidc.server import browser_session
from tests.production import PRODUCTION_ENVIRONMENT, environment, free_port, run_manage

GUNICORN = Path(sys.executable).parent / "gunicorn"


@pytest.fixture(scope="module")
def production_site(tmp_path_factory, production_static_root):
    """The app served by gunicorn with the production settings, on loopback."""
    database = tmp_path_factory.mktemp("production") / "db.sqlite3"
    production = {
        **PRODUCTION_ENVIRONMENT,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{database}",
        "STATIC_ROOT": str(production_static_root),
        # Plain HTTP on loopback: no TLS to redirect to.
        "SECURE_SSL_REDIRECT": "0",
    }
    result = run_manage("migrate", "--noinput", "-v0", **production)
    assert result.returncode == 0, result.stdout + result.stderr
    port = free_port()
    server = subprocess.Popen(
        [str(GUNICORN), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=settings.BASE_DIR,
        env=environment(**production),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"gunicorn s’est arrêté : {server.stderr.read()}"
            try:
                browser_session().get(url + "/", timeout=10)
                break
            except requests.RequestException:
                assert time.monotonic() < deadline, "gunicorn ne répond pas après 60 s"
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize(
    ("path", "status"), [("/", 200), ("/plan-du-site/", 200), ("/page-inexistante/", 404)]
)
def test_production_pages_are_styled_by_the_dsfr(page, production_site, path, status):
    console_errors, failed, refused = [], [], []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.request.resource_type != "document"
            and refused.append(f"{response.status} {response.url}")
        ),
    )

    response = page.goto(production_site + path)
    page.wait_for_load_state("load")

    assert response.status == status
    # The DSFR's stylesheet applies: the Marianne typeface and the header's layout.
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Marianne")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.fr-header__body-row')).display")
        == "flex"
    )
    # The DSFR's script ran (it marks the document once started).
    assert page.evaluate("document.documentElement.dataset.frJs") == "true"
    # Chromium reports a page answered with 404 as a failed load of the document itself.
    assert [
        message.text
        for message in console_errors
        if message.location["url"] != production_site + path
    ] == []
    assert failed == []
    assert refused == []


def _raw_status(url: str, request: bytes) -> int:
    """The status gunicorn answers to ``request``, sent as bytes (no client library lets a
    NUL or an undecodable byte through)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while b"\r\n" not in answer:
            chunk = connection.recv(4096)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize(
    "header",
    [
        b'Cookie: sessionid="\\000abcdefghijklmnopqrstuvwxyz012345"',
        b"Cookie: sessionid=abcdefghijklmnopqrstuvwxyz012345\xff\xfe",
        b"Cookie: csrftoken=" + b"a" * 4000,
        b"Accept-Language: fr\xff",
        b"X-Forwarded-Proto: https",
    ],
)
def test_production_answers_hostile_headers_without_a_5xx(production_site, header):
    request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + header + b"\r\nConnection: close\r\n\r\n"
    assert _raw_status(production_site, request) < 500
    trace = b"TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    assert _raw_status(production_site, trace) == 405
