from django.db.models import Q
from django.utils.functional import SimpleLazyObject

from territoires.accounts.enums import Provider
from territoires.accounts.models import User


def _is_agent(user) -> bool:
    """An agent of a public body: signed in with ProConnect, or a member of an organisation.
    A citizen who signed in with FranceConnect only is not one."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return (
        User.objects.filter(pk=user.pk)
        .filter(Q(identities__provider=Provider.PROCONNECT) | Q(memberships__isnull=False))
        .exists()
    )


def account_menu(request):
    """What the header offers the person signed in (read only if a page shows it)."""
    return {"user_is_agent": SimpleLazyObject(lambda: _is_agent(request.user))}
