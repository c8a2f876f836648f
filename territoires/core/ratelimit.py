"""A fixed-window rate limit per client IP and per scope, in the shared cache.

Each scope has its rate in ``settings.RATE_LIMITS`` ("count/seconds"): the sign-in
endpoints share the scope ``sign-in`` (``SIGN_IN_RATE_LIMIT`` in the environment). Beyond
it, a French 429 page asks the visitor to wait, with ``Retry-After``. Use a shared cache
(``REDIS_URL``) when the site runs in several processes.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render


def client_ip(request) -> str:
    """The client's IP address, as the server received the request."""
    # REMOTE_ADDR is the proxy's address behind a reverse proxy: configure the proxy to pass
    # the client's (e.g. gunicorn --forwarded-allow-ips with a trusted proxy).
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(scope: str, *, attempts: str, methods: tuple[str, ...] = ("POST",)):
    """Refuse the view with a French 429 page beyond the rate of ``scope`` per client IP.

    ``attempts`` names what is limited, in French, as a feminine plural (« tentatives de
    connexion »): the page says « Trop de … ». Only requests of ``methods`` are attempts:
    showing a form is not sending it (a sign-in callback, reached by GET, counts its GETs).
    """
    if scope not in settings.RATE_LIMITS:
        raise ImproperlyConfigured(f"No rate for scope {scope!r} in settings.RATE_LIMITS.")

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                return view(request, *args, **kwargs)
            # Read at each request: the rate is a setting, changed without a restart in tests.
            count, seconds = (int(part) for part in settings.RATE_LIMITS[scope].split("/"))
            window = int(time.time() // seconds)
            key = f"ratelimit:{scope}:{client_ip(request)}:{window}"
            cache.add(key, 0, seconds + 1)
            try:
                hits = cache.incr(key)
            except ValueError:
                hits = 1
            if hits > count:
                response = render(
                    request,
                    "core/429.html",
                    {"attempts": attempts, "breadcrumb": {"current": "Trop de tentatives"}},
                    status=429,
                )
                response["Retry-After"] = str(seconds)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
