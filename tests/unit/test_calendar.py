"""The conference's .ics file: parses with icalendar, and keeps the local time across
the changes to and from British Summer Time."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from portal.calendar import conference_ics

LONDON = ZoneInfo("Europe/London")


def _event(ics: bytes):
    calendar = Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def _make(day: date, at: time = time(10, 0), **kw) -> bytes:
    return conference_ics(
        uid="conference-7@portal.example",
        starts_on=day,
        starts_at=at,
        place="Room 2, Family Centre, 12 Station Road",
        summary="Child protection conference",
        stamp=datetime(2026, 1, 5, 12, 0, tzinfo=UTC),
        **kw,
    )


@pytest.mark.parametrize(
    ("day", "utc_hour", "note"),
    [
        (date(2026, 3, 27), 10, "Friday before the clocks go forward: GMT"),
        (date(2026, 3, 30), 9, "Monday after the clocks go forward (29 March): BST"),
        (date(2026, 10, 23), 9, "Friday before the clocks go back: BST"),
        (date(2026, 10, 26), 10, "Monday after the clocks go back (25 October): GMT"),
        (date(2027, 3, 29), 9, "Monday after the clocks go forward in 2027 (28 March)"),
    ],
)
def test_local_time_is_kept_across_summer_time(day, utc_hour, note):
    calendar, event = _event(_make(day))
    start = event.decoded("dtstart")
    assert start.tzinfo is not None, note
    assert (start.date(), start.hour, start.minute) == (day, 10, 0), note
    assert start.astimezone(UTC).hour == utc_hour, note
    assert event["dtstart"].params["TZID"] == "Europe/London"
    end = event.decoded("dtend")
    assert end - start == timedelta(hours=2)
    assert end.astimezone(LONDON).hour == 12


def test_vtimezone_has_both_rules_and_matches_the_event():
    calendar, event = _event(_make(date(2026, 3, 30)))
    timezones = calendar.walk("VTIMEZONE")
    assert len(timezones) == 1
    assert timezones[0]["TZID"] == "Europe/London"
    kinds = {component.name for component in timezones[0].subcomponents}
    assert {"STANDARD", "DAYLIGHT"} <= kinds
    # The calendar's own VTIMEZONE (not just our zoneinfo) puts 10:00 at 09:00 UTC in BST.
    tz = timezones[0].to_tz()
    local = datetime(2026, 3, 30, 10, 0, tzinfo=tz)
    assert local.astimezone(UTC).hour == 9
    local = datetime(2026, 10, 26, 10, 0, tzinfo=tz)
    assert local.astimezone(UTC).hour == 10


def test_file_holds_when_and_where_and_nothing_else():
    ics = _make(date(2026, 10, 26), at=time(14, 30))
    text = ics.decode()
    assert text.startswith("BEGIN:VCALENDAR")
    assert "\r\n" in text  # lines end CRLF as RFC 5545 says
    _calendar, event = _event(ics)
    assert str(event["summary"]) == "Child protection conference"
    assert str(event["location"]) == "Room 2, Family Centre, 12 Station Road"
    assert str(event["uid"]) == "conference-7@portal.example"
    assert str(event["class"]) == "PRIVATE"
    assert "ATTENDEE" not in event and "ORGANIZER" not in event
    assert event.decoded("dtstart").hour == 14
    alarms = event.walk("VALARM")
    assert len(alarms) == 1 and alarms[0].decoded("trigger") == -timedelta(days=1)


def test_non_latin_place_survives():
    ics = conference_ics(
        uid="conference-8@portal.example", starts_on=date(2026, 6, 1), starts_at=time(9, 15),
        place="Centre familial, salle 2 – ትግርኛ", summary="ኮንፈረንስ", reminder_before=None,
    )
    _calendar, event = _event(ics)
    assert str(event["location"]) == "Centre familial, salle 2 – ትግርኛ"
    assert str(event["summary"]) == "ኮንፈረንስ"
    assert not event.walk("VALARM")
