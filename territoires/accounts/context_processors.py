from django.utils.functional import SimpleLazyObject

from territoires.accounts.selectors import user_is_agent


def account_menu(request):
    """What the header offers the person signed in (read only if a page shows it)."""
    return {"user_is_agent": SimpleLazyObject(lambda: user_is_agent(request))}
