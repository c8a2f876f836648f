"""The time zone of an event, from where it is held (pure: no database).

Times are stored in UTC; an event is entered and shown in the time of the place it is held,
with the Paris time beside it overseas. The zone follows the INSEE code of the commune: the
five DROM and the overseas collectivités have their own, everything else is Europe/Paris. An
online event with no place is in Paris time.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

PARIS = "Europe/Paris"

# INSEE code prefix of the overseas communes -> their IANA zone. French Polynesia spans three
# zones; its communes are given Tahiti's, where nearly all its people live.
OVERSEAS_ZONES = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "977": "America/St_Barthelemy",
    "978": "America/Marigot",
    "986": "Pacific/Wallis",
    "987": "Pacific/Tahiti",
    "988": "Pacific/Noumea",
}


def zone_for_commune(insee_code: str | None) -> str:
    """The IANA zone of a commune by its INSEE code; Paris for none (an online event)."""
    if not insee_code:
        return PARIS
    return OVERSEAS_ZONES.get(insee_code[:3], PARIS)


def local_to_utc(moment: datetime, zone: str) -> datetime:
    """A wall-clock time typed for the place (naive) as an aware UTC time; an hour repeated
    at the autumn change takes its first reading (``fold=0``)."""
    return moment.replace(tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo("UTC"))


def wall_time_exists(moment: datetime, zone: str) -> bool:
    """Whether the naive wall-clock time ``moment`` happens in ``zone``: false for the hour
    skipped at the spring change (2:30 on the last Sunday of March in Paris)."""
    there = local_to_utc(moment, zone).astimezone(ZoneInfo(zone))
    return there.replace(tzinfo=None) == moment


def in_zone(moment: datetime, zone: str) -> datetime:
    """An aware time in the zone ``zone``."""
    return moment.astimezone(ZoneInfo(zone))
