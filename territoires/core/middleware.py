"""Requests refused before any view runs, headers added to every response, and the log line
of every request."""

import logging
import re
import time

from django.conf import settings
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render

from territoires.core.logs import request_id_bound, request_id_from

NUL = "\x00"
# What a cookie of the site may hold: printable ASCII (session keys, CSRF tokens,
# the theme), never a control character such as NUL.
COOKIE_VALUE = re.compile(r"[\x20-\x7e]*")
MAX_COOKIE_LENGTH = 4096


class RejectTraceMiddleware:
    """Answer 405 to TRACE (and its cousin TRACK): no page of the site echoes a request."""

    ALLOWED = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("TRACE", "TRACK"):
            return HttpResponseNotAllowed(self.ALLOWED)
        return self.get_response(request)


class DropInvalidCookiesMiddleware:
    """Forget the cookies that no page of the site could have set: with a control
    character (NUL makes PostgreSQL refuse the session lookup), a character outside
    printable ASCII (undecodable bytes arrive as such) or an oversized value. The request
    goes on as without them: an anonymous visitor, a new CSRF token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cookies = request.COOKIES
        invalid = [
            name
            for name, value in cookies.items()
            if len(value) > MAX_COOKIE_LENGTH or not COOKIE_VALUE.fullmatch(value)
        ]
        for name in invalid:
            del cookies[name]
        return self.get_response(request)


class RejectNulCharacterMiddleware:
    """Answer 400, in French, to a request whose path or query string holds a NUL character.

    No address of the site has one, and PostgreSQL refuses it in a text parameter:
    without this, every view or API endpoint that looks a code up would fail with a
    500 on PostgreSQL, where SQLite only finds nothing. Form fields already refuse
    it (Django's ``ProhibitNullCharactersValidator``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or any(
            NUL in key or any(NUL in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = "L’adresse demandée contient un caractère interdit (caractère nul)."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "errors": []}, status=400)
            return render(request, "core/400.html", {"message": message}, status=400)
        return self.get_response(request)


request_logger = logging.getLogger("territoires.requests")


class RequestLogMiddleware:
    """Give each request an id and write one log line when it is answered.

    ``request.id`` is the ``X-Request-ID`` header when a proxy or client sent a safe value,
    else a new one; the response echoes it, and every log record written meanwhile (and by
    the jobs the request enqueues) carries it. First in the list: it times everything.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id_from(request.headers.get("X-Request-ID"))
        started = time.perf_counter()
        with request_id_bound(request.id):
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
        response["X-Request-ID"] = request.id
        return response


class PermissionsPolicyMiddleware:
    """Send the ``PERMISSIONS_POLICY`` setting as the ``Permissions-Policy`` header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
