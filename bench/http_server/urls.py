"""URLs of the app under the HTTP benchmark: the whole site, plus the reference.

The reference is a bare Django view that returns, from memory, the bytes a
page of the site returned (saved by the benchmark in ``BENCH_REFERENCE_DIR``):
the same bytes through the same HTTP stack, without the work of the page.
"""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from config.urls import handler404, handler500
from config.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]

REFERENCE_DIR = Path(os.environ.get("BENCH_REFERENCE_DIR", "."))
_bodies: dict[str, bytes] = {}


def reference(request, name: str):
    """The saved bytes of page ``name``, read once, then served from memory."""
    if name not in _bodies:
        _bodies[name] = (REFERENCE_DIR / name).read_bytes()
    content_type = "text/csv" if name.endswith(".csv") else "text/html; charset=utf-8"
    return HttpResponse(_bodies[name], content_type=content_type)


urlpatterns = [path("__reference__/<str:name>", reference), *site_urlpatterns]
