"""Anonymous public pages come from the shared cache until the results change; never a page
rendered for someone else, never to a signed-in visitor or one with a message to read."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from territoires.core.pagecache import PublicPageCacheMiddleware, public_pages_changed
from territoires.observatory.cache import results_changed
from territoires.observatory.enums import Publication
from territoires.observatory.models import Assessment
from territoires.observatory.services import assessment_publication_set
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.observatory.public_results import build_published_results

pytestmark = pytest.mark.django_db

NATIONAL = "/observatoire/france/?campagne=2026"


@pytest.fixture
def results(imported):
    return build_published_results()


def test_a_second_anonymous_visit_is_served_from_the_cache(
    client, results, django_assert_num_queries
):
    first = client.get(NATIONAL)
    with django_assert_num_queries(0):
        second = client.get(NATIONAL)

    assert second.status_code == 200
    assert second.content == first.content
    assert second["Vary"] == "Cookie"
    assert "frame-ancestors 'none'" in second["Content-Security-Policy"]
    assert second["Content-Type"] == first["Content-Type"]


def test_changed_results_drop_every_cached_page(client, results, django_assert_num_queries):
    client.get(NATIONAL)
    client.get("/api/v1/territories?q=nevers")

    results_changed(results.campaign.pk)

    response = client.get(NATIONAL)
    assert response.status_code == 200
    assert response.wsgi_request.public_page_key is not None  # rendered again
    with django_assert_num_queries(0):
        client.get(NATIONAL)
    api = client.get("/api/v1/territories?q=nevers")
    assert api.json()["count"] >= 1
    assert api.wsgi_request.public_page_key is not None  # rendered, then stored again


def test_a_signed_in_visitor_never_gets_nor_leaves_a_cached_page(client, results):
    anonymous = client.get("/").content.decode()
    assert "Se déconnecter" not in anonymous

    client.force_login(UserFactory(email="agent@exemple.fr"))
    signed_in = client.get("/")
    assert "Se déconnecter" in signed_in.content.decode()
    assert not hasattr(signed_in.wsgi_request, "public_page_key")

    client.logout()
    client.cookies.clear()
    assert "Se déconnecter" not in client.get("/").content.decode()


def test_a_visitor_with_a_message_gets_the_page_rendered_for_them(client, results):
    client.get("/")
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "Votre évaluation est enregistrée.")
    response = client.get("/")  # any response to carry the cookie
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value

    page = client.get("/").content.decode()

    assert "Votre évaluation est enregistrée." in page


def test_an_htmx_request_is_not_served_the_whole_page(client, results):
    # htmx partials (the dashboard's questions) answer the same address: kept apart.
    whole = client.get("/territoires/recherche/?q=nevers")
    partial = client.get("/territoires/recherche/?q=nevers", headers={"HX-Request": "true"})
    again = client.get("/territoires/recherche/?q=nevers")

    assert whole.wsgi_request.public_page_key is not None  # rendered and stored
    assert partial.wsgi_request.public_page_key is not None  # rendered, not the stored page
    assert again.wsgi_request.public_page_key is None  # served from the cache
    assert again.content == whole.content


def test_a_withdrawn_publication_leaves_no_cached_page(
    client, results, django_capture_on_commit_callbacks
):
    village = results.commune(0)
    referent = UserFactory(email="ref@village.fr")
    OrganisationFactory(name="Commune Village-0", territory=village, referents=[referent])
    api = f"/api/v1/observatory/scores/commune/{village.code}"
    assert client.get(api).status_code == 200
    assessment = Assessment.objects.get(campaign=results.campaign, territory=village)

    with django_capture_on_commit_callbacks(execute=True):
        assessment_publication_set(
            actor=referent, assessment=assessment, publication=Publication.AGGREGATES
        )

    assert client.get(api).status_code == 404


def test_a_page_rendered_while_the_results_change_is_rendered_again_at_the_next_visit():
    """The page is stored under the version read before its view ran: if the results change
    while it renders, it is stale, and the next visitor gets a fresh one."""
    renders = []

    def view(request):
        renders.append(request.path)
        if len(renders) == 1:
            public_pages_changed()  # the results change while the first page renders
        return HttpResponse(f"rendu {len(renders)}")

    def handler(request):  # what Django's handler does: process_view, then the view
        request.resolver_match = resolve("/")
        return middleware.process_view(request, view, (), {}) or view(request)

    middleware = PublicPageCacheMiddleware(handler)
    factory = RequestFactory()

    first = middleware(factory.get("/"))
    second = middleware(factory.get("/"))
    third = middleware(factory.get("/"))

    assert [first.content, second.content, third.content] == [
        b"rendu 1",
        b"rendu 2",
        b"rendu 2",
    ]
    assert len(renders) == 2
