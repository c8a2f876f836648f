"""The iCalendar writer, pure: folding and escaping, checked on any text (hypothesis) and read
back by the independent parser."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from territoires.events.ical import CalendarEntry, calendar_text, escape_text, fold
from tests.events.ics import vevents

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=400)


@given(TEXT.map(lambda text: "DESCRIPTION:" + text))
def test_folded_lines_are_at_most_75_octets_and_unfold_to_the_line(line):
    folded = fold(line)
    pieces = folded.split("\r\n ")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces[:1])
    assert all(len(piece.encode("utf-8")) <= 74 for piece in pieces[1:])
    assert "".join(pieces) == line


@given(st.text(max_size=200))
def test_any_text_reads_back_as_written(text):
    entry = CalendarEntry(
        uid="evenement-1-1@exemple.fr",
        sequence=0,
        starts_at=datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        ends_at=datetime(2026, 3, 29, 2, 30, tzinfo=UTC),
        summary=text or "Sans titre",
        description=text,
        location="Nevers",
        url="https://exemple.fr/agenda/evenements/1/",
        cancelled=False,
    )
    [read] = vevents(calendar_text([entry], name="Essai", now=datetime(2026, 1, 1, tzinfo=UTC)))
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    assert str(read["summary"]) == (normalised or "Sans titre")
    if text:
        assert str(read["description"]) == normalised
    # Across the change to summer time in Paris: two hours of UTC apart, whatever the clock.
    assert read.decoded("dtend") - read.decoded("dtstart") == timedelta(hours=2)


def test_escaping():
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
