"""Who is the network's staff, and the decorator of the pages reserved to it."""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def is_staff(user) -> bool:
    """Whether ``user`` is an active member of the network's staff."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def staff_required(view):
    """The sign-in page for a visitor, a French 403 for anyone but the network's staff."""

    @functools.wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_staff(request.user):
            raise PermissionDenied("Page réservée à l’équipe du réseau.")
        return view(request, *args, **kwargs)

    return wrapper
