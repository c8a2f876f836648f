"""A small fixed-window rate limit on sign-in endpoints, per client IP, in the shared cache."""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_ip(request) -> str:
    # REMOTE_ADDR is the proxy's address behind a reverse proxy: configure the proxy to pass
    # the client's (e.g. gunicorn --forwarded-allow-ips with a trusted proxy).
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(scope: str):
    """Refuse with a French 429 page beyond ``settings.SIGN_IN_RATE_LIMIT`` ("count/seconds")."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            count, seconds = (int(part) for part in settings.SIGN_IN_RATE_LIMIT.split("/"))
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
                    "accounts/rate_limited.html",
                    {"breadcrumb": {"current": "Trop de tentatives"}},
                    status=429,
                )
                response["Retry-After"] = str(seconds)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
