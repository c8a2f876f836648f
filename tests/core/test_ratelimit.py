"""The rate limit of core: a rate per scope, a French 429 page beyond it."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path
from pytest_django.asserts import assertContains

from territoires.core.ratelimit import rate_limited

pytestmark = pytest.mark.django_db

RATES = {"sign-in": "1/60", "test-search": "2/30"}


@override_settings(RATE_LIMITS=RATES)
def _views():
    # A scope must have a rate when its view is decorated.
    @rate_limited("test-search", attempts="recherches", methods=("GET",))
    def search(request):
        return HttpResponse("résultats")

    @rate_limited("sign-in", attempts="tentatives de connexion")
    def sign_in(request):
        return HttpResponse("connexion")

    return search, sign_in


search_view, sign_in_view = _views()
urlpatterns = [
    path("recherche/", search_view),
    path("connexion/", sign_in_view),
    path("", include("config.urls")),
]


@override_settings(ROOT_URLCONF=__name__, RATE_LIMITS=RATES)
def test_each_scope_has_its_own_rate_and_count(client):
    searches = [client.get("/recherche/") for _ in range(3)]
    sign_ins = [client.post("/connexion/") for _ in range(2)]

    assert [response.status_code for response in searches] == [200, 200, 429]
    assert [response.status_code for response in sign_ins] == [200, 429]
    assert searches[2]["Retry-After"] == "30"
    assert sign_ins[1]["Retry-After"] == "60"
    assertContains(searches[2], "<h1>Trop de recherches</h1>", status_code=429, html=True)
    assertContains(searches[2], "les recherches depuis votre adresse", status_code=429)


@override_settings(ROOT_URLCONF=__name__, RATE_LIMITS=RATES)
def test_another_address_has_its_own_count(client):
    assert client.post("/connexion/").status_code == 200
    assert client.post("/connexion/").status_code == 429
    assert client.post("/connexion/", REMOTE_ADDR="192.0.2.7").status_code == 200


@override_settings(ROOT_URLCONF=__name__, RATE_LIMITS=RATES)
def test_only_the_counted_methods_are_attempts(client):
    # Showing the form is not sending it: the GETs of a POST-limited view are never refused,
    # and do not use up the count of the POSTs.
    assert [client.get("/connexion/").status_code for _ in range(3)] == [200, 200, 200]
    assert [client.post("/connexion/").status_code for _ in range(2)] == [200, 429]


def test_a_scope_without_a_rate_is_refused_at_start_up():
    with pytest.raises(ImproperlyConfigured, match="No rate for scope 'agenda'"):
        rate_limited("agenda", attempts="inscriptions")
