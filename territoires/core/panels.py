"""Panels: what a higher module shows on a lower module's page, without being imported by it.

Modules import only the layers below them (``core.layering``, docs/adr/0006). When a page
of a lower module shows something a higher module provides (the home page of core showing
the référentiel of geo; the territory page of geo linking to the observatory's dashboard;
later a weak axis of the observatory showing the offers of the bourse), the page renders a
named *slot* and the higher module registers a *panel* into it at start-up, from its
``AppConfig.ready()``::

    from territoires.core.panels import registry

    registry.register(
        "geo.territory",
        name="observatory.dashboard",
        template="observatory/_territory_dashboard.html",
        context=territory_dashboard,
    )

and the page's template renders the slot with the core tag ``{% panels "geo.territory"
territory=territory %}`` (``{% load panels %}``). Each panel's ``context(request, **arguments)``
returns the context of its template, or ``None`` when it has nothing to show (it does not
apply, or not to this visitor). Panels are rendered in ``order``, then in the order they
were registered; their template sees only the context they return (as an inclusion tag's).

The slots are declared in :data:`SLOTS`, with the keyword arguments their page passes: a
typo in a slot's name fails at start-up or at render, never silently.
"""

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

# Slot name ("<module of the page>.<page>") -> where it is rendered and what it passes.
SLOTS: dict[str, str] = {
    "core.menu": "The main menu, after « Accueil »: a module's <li class='fr-nav__item'>. Its "
    "context also gives the site plan (« Plan du site ») the module's title, url and links "
    "(each a dict of title and url).",
    "core.pillar": "A pillar's card on the home page: its figures and ways in. Arguments: "
    "pillar (the key of core.views.PILLARS); a pillar without a panel is « bientôt ».",
    "core.home": "Home page, after the pillars. No arguments.",
    "geo.territory": "A territory's page, after its facts. Arguments: territory.",
    "accounts.account": "« Mon compte », after the identity: what the person has in a module "
    "(registrations, contributions, labels). Arguments: user.",
    "observatory.gaps": "A collectivité's results page and dashboard: the help that answers its "
    "weak axes (offers, communs, events). Arguments: territory, gaps (a list of "
    "observatory.selectors.Gap: axis, name, score, level, peer_median).",
    "observatory.dashboard": "A collectivité's dashboard, after its results: what a module "
    "knows of it (communs used, labels won). Arguments: territory.",
}

PanelContext = Callable[..., Mapping[str, Any] | None]


@dataclasses.dataclass(frozen=True)
class Panel:
    """One module's contribution to a slot: a template and the callable giving its context."""

    name: str
    template: str
    context: PanelContext
    order: int = 100


class PanelRegistry:
    """The panels of each declared slot, in the order they are rendered."""

    def __init__(self, slots: Mapping[str, str]):
        self.slots = dict(slots)
        self._panels: dict[str, list[Panel]] = {slot: [] for slot in self.slots}

    def register(
        self, slot: str, *, name: str, template: str, context: PanelContext, order: int = 100
    ) -> Panel:
        """Add a panel to ``slot``; a name is registered once per slot."""
        panels = self._slot(slot)
        if any(panel.name == name for panel in panels):
            raise ImproperlyConfigured(f"Panel {name!r} is already registered in slot {slot!r}.")
        panel = Panel(name=name, template=template, context=context, order=order)
        panels.append(panel)
        # A stable sort: panels of the same order keep their registration order.
        panels.sort(key=lambda item: item.order)
        return panel

    def panels(self, slot: str) -> tuple[Panel, ...]:
        return tuple(self._slot(slot))

    def contexts(
        self, slot: str, request, **arguments
    ) -> Iterator[tuple[Panel, Mapping[str, Any]]]:
        """Each panel of ``slot`` with something to show, and the context of its template."""
        for panel in self._slot(slot):
            context = panel.context(request, **arguments)
            if context is not None:
                yield panel, context

    def _slot(self, slot: str) -> list[Panel]:
        try:
            return self._panels[slot]
        except KeyError:
            raise ImproperlyConfigured(
                f"Unknown panel slot {slot!r}: declare it in territoires.core.panels.SLOTS."
            ) from None


registry = PanelRegistry(SLOTS)
