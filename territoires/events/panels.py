"""What the agenda shows on the pages of lower modules (``core.panels``): « Agenda » in the
main menu, the pillar « Se rencontrer » of the home page, the events held in a territory,
one's registrations in « Mon compte », and the events and trainings on a weak axis."""

from django.conf import settings
from django.urls import reverse

from territoires.core.panels import registry
from territoires.events.enums import EventKind
from territoires.events.models import CalendarFeed
from territoires.events.selectors import upcoming_events, user_registrations
from territoires.geo.enums import TerritoryKind

HOME_COUNT = 3
TERRITORY_COUNT = 5
GAP_COUNT = 4
# The kinds that teach, shown on a weak axis.
LEARNING_KINDS = (
    EventKind.TRAINING,
    EventKind.WORKSHOP,
    EventKind.WEBINAR,
    EventKind.CONFERENCE,
    EventKind.INTERCOTOUR,
    EventKind.FORUM,
)


def menu_entry(request) -> dict:
    """« Agenda » in the main menu, with its pages; « Propositions » for the staff."""
    match = request.resolver_match
    pages = [("Prochains événements", "events:agenda"), ("Calendrier", "events:calendar")]
    if request.user.is_authenticated:
        pages.append(("Proposer un événement", "events:create"))
    if request.user.is_authenticated and request.user.is_staff:
        pages.append(("Propositions à relire", "events:moderation"))
    links = [{"title": title, "url": reverse(name)} for title, name in pages]
    return {
        "title": "Agenda",
        "menu_id": "menu-agenda",
        "current": match is not None and match.namespace == "events",
        "links": [{**link, "current": link["url"] == request.path} for link in links],
    }


def home_pillar(request, *, pillar: str) -> dict | None:
    """The pillar « Se rencontrer »: the next three events."""
    if pillar != "se_rencontrer":
        return None
    return {"events": upcoming_events(limit=HOME_COUNT)}


def territory_events(request, *, territory) -> dict | None:
    """On a territory's page: the next events held in it."""
    if territory.kind not in (
        TerritoryKind.REGION,
        TerritoryKind.DEPARTEMENT,
        TerritoryKind.COLLECTIVITE_OUTRE_MER,
        TerritoryKind.EPCI,
        TerritoryKind.COMMUNE,
    ):
        return None
    events = upcoming_events(limit=TERRITORY_COUNT, territory=territory)
    if not events:
        return None
    return {"events": events, "territory": territory}


def gap_events(request, *, territory, gaps) -> dict | None:
    """On a collectivité's results and dashboard: the next events on its weak axes."""
    names = {gap.axis: gap.name for gap in gaps}
    events = upcoming_events(limit=GAP_COUNT, kinds=LEARNING_KINDS, themes=names)
    if not events:
        return None
    return {
        "rows": [
            (event, [names[code] for code in event.themes if code in names]) for event in events
        ]
    }


def account_registrations(request, *, user) -> dict:
    """« Mes inscriptions » in « Mon compte », with the personal feed's secret address."""
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "registrations": list(user_registrations(user)[:50]),
        "feed_url": settings.SITE_URL.rstrip("/")
        + reverse("events:personal_feed", kwargs={"token": feed.token})
        if feed
        else "",
    }


def register_panels() -> None:
    registry.register(
        "core.menu",
        name="events.menu",
        template="core/_nav_menu.html",
        context=menu_entry,
        order=40,
    )
    registry.register(
        "core.pillar",
        name="events.pillar",
        template="events/_home_pillar.html",
        context=home_pillar,
    )
    registry.register(
        "geo.territory",
        name="events.territory",
        template="events/_territory_events.html",
        context=territory_events,
        order=120,
    )
    registry.register(
        "observatory.gaps",
        name="events.gaps",
        template="events/_gap_events.html",
        context=gap_events,
        order=130,
    )
    registry.register(
        "accounts.account",
        name="events.registrations",
        template="events/_account_registrations.html",
        context=account_registrations,
    )
