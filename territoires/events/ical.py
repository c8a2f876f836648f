"""iCalendar (RFC 5545) writer: pure, no ORM, no dependency.

Times are written in UTC (``DTSTART:20260329T073000Z``, RFC 5545 §3.3.5 form #2), which
every client converts to its own zone: no VTIMEZONE is needed and a summer-time change or an
overseas zone cannot be got wrong by a client's tz database. Text values are escaped
(§3.3.11) and lines folded at 75 octets (§3.1), with CRLF line ends.
"""

import dataclasses
from collections.abc import Iterable
from datetime import UTC, datetime

PRODUCT_ID = "-//Territoires numériques//Agenda//FR"


@dataclasses.dataclass(frozen=True)
class CalendarEntry:
    """One VEVENT: a session of an event."""

    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str
    location: str
    url: str
    cancelled: bool
    categories: tuple[str, ...] = ()


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line breaks as ``\\n``."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (never inside a UTF-8 character)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while len(encoded) - start > limit:
        end = start + limit
        # Back to the first byte of a character: continuation bytes are 0b10xxxxxx.
        while encoded[end] & 0xC0 == 0x80:
            end -= 1
        parts.append(encoded[start:end])
        start, limit = end, 74  # continuation lines start with a space
    parts.append(encoded[start:])
    return "\r\n ".join(part.decode("utf-8") for part in parts)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _entry_lines(entry: CalendarEntry, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{entry.uid}",
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{entry.sequence}",
        f"DTSTART:{utc_stamp(entry.starts_at)}",
        f"DTEND:{utc_stamp(entry.ends_at)}",
        f"SUMMARY:{escape_text(entry.summary)}",
        f"STATUS:{'CANCELLED' if entry.cancelled else 'CONFIRMED'}",
    ]
    if entry.description:
        lines.append(f"DESCRIPTION:{escape_text(entry.description)}")
    if entry.location:
        lines.append(f"LOCATION:{escape_text(entry.location)}")
    if entry.url:
        lines.append(f"URL:{entry.url}")
    if entry.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(item) for item in entry.categories))
    lines.append("END:VEVENT")
    return lines


def calendar_text(entries: Iterable[CalendarEntry], *, name: str, now: datetime) -> str:
    """A VCALENDAR of ``entries``, named ``name`` (``X-WR-CALNAME``, read by most clients)."""
    stamp = utc_stamp(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for entry in entries:
        lines.extend(_entry_lines(entry, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
