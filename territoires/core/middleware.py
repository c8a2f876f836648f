"""Requests refused before any view runs, and headers added to every response."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

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


class PermissionsPolicyMiddleware:
    """Send the ``PERMISSIONS_POLICY`` setting as the ``Permissions-Policy`` header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
