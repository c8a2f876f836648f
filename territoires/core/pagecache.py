"""Anonymous public pages served from the shared cache, dropped when what they show changes.

A public page (the home page, the search, a territory, the national view, a dashboard, a list
of the API) is the same for every anonymous visitor until the results or the référentiel
change. ``PublicPageCacheMiddleware`` keeps such a page, as the view answered it, in one
namespace of core's versioned cache; ``public_pages_changed`` (called when a campaign's
results change and after an import of the référentiel) moves the namespace's version on, so
that no stale figure is ever served. Anything else these pages show lives at most
``PUBLIC_PAGE_CACHE_SECONDS``.

A page is stored with the version it was computed under, and read with the current version
in one round trip to the cache (``get_many``): served only when the two are the same. A
cache hit is the cost of most public requests, and each round trip counts on it.

Only a GET without a session or messages cookie is served or stored: a signed-in visitor, or
one with a message to read, gets the page rendered for them. The key holds the host, the
whole address and the request headers that the site's pages vary on (``HX-Request`` for the
partials); a response that varies on another header, sets a cookie, holds a CSRF token, or is
not a 200 is not stored. A page served from the cache says ``Vary: Cookie``, as the page it
stands for did.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_vary_headers

from territoires.core.cache import version_bump, version_key

NAMESPACE = "core:public-pages"
# The request headers the key holds, and the Vary of a response that may be stored.
KEY_HEADERS = ("HX-Request",)
STORABLE_VARY = {"cookie", "hx-request"}
MESSAGES_COOKIE = "messages"


def public_pages_changed() -> None:
    """Drop every cached public page."""
    version_bump(NAMESPACE)


def _key(request) -> str:
    parts = [request.get_host(), request.get_full_path()]
    parts += [request.headers.get(header, "") for header in KEY_HEADERS]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{NAMESPACE}:page:{digest}"


def _anonymous(request) -> bool:
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


def _storable(request, response) -> bool:
    vary = {header.lower() for header in cc_delim_re.split(response.get("Vary", "")) if header}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(getattr(request, "_messages", None), "added_new", False)
        and vary <= STORABLE_VARY
        and "private" not in response.get("Cache-Control", "")
    )


class PublicPageCacheMiddleware:
    """Serve the views named in ``PUBLIC_PAGE_CACHE_VIEWS`` from the cache to anonymous GETs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method != "GET"
            or match is None
            or match.view_name not in settings.PUBLIC_PAGE_CACHE_VIEWS
            or not _anonymous(request)
        ):
            return None
        key, version_name = _key(request), version_key(NAMESPACE)
        found = cache.get_many([key, version_name])
        current = found.get(version_name, 0)
        cached = found.get(key)
        if cached is None or cached[0] != current:
            # Stored under the version read before the view runs: a page computed while the
            # results change is stale at its next read.
            request.public_page_key, request.public_page_version = key, current
            return None
        _, content, headers = cached
        response = HttpResponse(content, headers=headers)
        patch_vary_headers(response, ["Cookie"])
        request.public_page_key = None  # nothing to store
        return response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "public_page_key", None)
        if key and _storable(request, response):
            cache.set(
                key,
                (request.public_page_version, response.content, dict(response.headers)),
                settings.PUBLIC_PAGE_CACHE_SECONDS,
            )
        return response
