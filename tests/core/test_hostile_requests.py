"""No cookie, header or method of a request gives a 5xx (on SQLite and PostgreSQL alike)."""

import pytest

pytestmark = pytest.mark.django_db

PATHS = ["/", "/recherche/?q=lyon", "/observatoire/", "/api/v1/territoires/?q=lyon"]
HUGE = "a" * 100_000
# As the WSGI server hands them over: undecodable bytes arrive as latin-1 characters.
INVALID_UTF8 = b"\xff\xfe\xc3\x28".decode("latin-1")
SESSION_KEY = "abcdefghijklmnopqrstuvwxyz012345"
COOKIES = [
    'sessionid="\\000abc"',
    f'sessionid="\\000{SESSION_KEY}"',
    f"sessionid=\x00{SESSION_KEY}",
    f"sessionid={SESSION_KEY}\x00",
    f"sessionid={INVALID_UTF8}",
    f"sessionid={HUGE}",
    "csrftoken=\x00" + "a" * 31,
    f"csrftoken={INVALID_UTF8}",
    f"theme={INVALID_UTF8}; sessionid=\x00",
]
HEADERS = [
    {"HTTP_ACCEPT_LANGUAGE": "fr\x00"},
    {"HTTP_USER_AGENT": INVALID_UTF8},
    {"HTTP_REFERER": "https://\x00/" + HUGE},
    {"HTTP_HX_REQUEST": "\x00"},
    {"HTTP_HX_CURRENT_URL": INVALID_UTF8},
    {"HTTP_X_FORWARDED_PROTO": "https\x00"},
    {"HTTP_X_FORWARDED_FOR": INVALID_UTF8},
    {"HTTP_IF_MODIFIED_SINCE": "\x00"},
    {"HTTP_IF_NONE_MATCH": HUGE},
    {"HTTP_ACCEPT": "\x00/\x00"},
    {"HTTP_HOST": "127.0.0.1\x00"},
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("cookie", COOKIES)
def test_a_hostile_cookie_never_gives_a_5xx(client, path, cookie):
    response = client.get(path, HTTP_COOKIE=cookie)
    assert response.status_code < 500
    assert client.post("/", HTTP_COOKIE=cookie).status_code < 500


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("headers", HEADERS)
def test_a_hostile_header_never_gives_a_5xx(client, path, headers):
    assert client.get(path, **headers).status_code < 500


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("method", ["TRACE", "TRACK"])
def test_trace_is_not_allowed(client, path, method):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert "TRACE" not in response["Allow"]


def test_a_nul_session_cookie_is_forgotten_not_looked_up(client):
    response = client.get("/", HTTP_COOKIE=f'sessionid="\\000{SESSION_KEY}"')
    assert response.status_code == 200
    assert "Se connecter" in response.content.decode()


def test_the_500_page_does_not_read_the_session(rf):
    from territoires.core.views import server_error

    request = rf.get("/")  # no session, no user: the page must not need them
    response = server_error(request)
    assert response.status_code == 500
    assert "Erreur" in response.content.decode() or "erreur" in response.content.decode()


def test_x_forwarded_proto_is_not_trusted_unless_set(client, settings):
    assert settings.SECURE_PROXY_SSL_HEADER is None
    response = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response.wsgi_request.is_secure() is False
