"""Reading the agenda's iCalendar back with an independent parser (the ``icalendar``
package), as a calendar application would."""

import icalendar


def calendar_read(text: str | bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def vevents(text: str | bytes) -> list:
    return list(calendar_read(text).walk("VEVENT"))


def attached_calendar(received) -> icalendar.Calendar | None:
    """The ``.ics`` attached to a message the SMTP server received, parsed; None without."""
    for part in received.message.iter_attachments():
        if part.get_content_type() == "text/calendar":
            assert part.get_filename().endswith(".ics")
            return calendar_read(part.get_content())
    return None
