"""Requests refused before any view runs, and the log line of every request."""

import logging
import time

from django.http import JsonResponse
from django.shortcuts import render

from territoires.core.logs import request_id_bound, request_id_from

NUL = "\x00"


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
