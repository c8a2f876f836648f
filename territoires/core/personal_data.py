"""What each module holds about a person, for the RGPD download and the account's deletion.

``accounts`` owns the account, but a person also has registrations in the agenda,
contributions to debates, applications to the labels … held by higher modules that
``accounts`` may not import (ADR 0006). Each such module registers, from its
``AppConfig.ready()``, a *holder*: a key of the download (``"inscriptions"``), a function
giving what it holds about a user as plain JSON data, and a function that erases or
anonymises it, called in the deletion's transaction, before the account is deleted.
"""

import dataclasses
from collections.abc import Callable
from typing import Any


@dataclasses.dataclass(frozen=True)
class Holder:
    key: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None]


_holders: dict[str, Holder] = {}


def personal_data_register(
    key: str, *, export: Callable[[Any], Any], erase: Callable[[Any], None]
) -> None:
    """Declare what a module holds about users, under ``key`` in their download."""
    _holders[key] = Holder(key=key, export=export, erase=erase)


def personal_data_export(user) -> dict[str, Any]:
    """What every module holds about ``user``, by key."""
    return {key: holder.export(user) for key, holder in _holders.items()}


def personal_data_erase(user) -> None:
    """Erase or anonymise what every module holds about ``user``."""
    for holder in _holders.values():
        holder.erase(user)
