"""The conference as an iCalendar (.ics) file: when and where, nothing about the family.

Pure: takes values, returns bytes. The time is written as local time in
Europe/London with a VTIMEZONE, so a calendar shows 10:00 whether the day falls
in British Summer Time or not.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from icalendar import Alarm, Calendar, Event, Timezone

from portal.clock import LONDON, LONDON_ID

PRODUCT_ID = "-//Conference preparation portal//EN"


@lru_cache(maxsize=16)
def _london(year: int) -> Timezone:
    # The rules for the year before, of and after the conference: enough for any
    # calendar, and a small file on a parent's phone.
    return Timezone.from_tzid(
        LONDON_ID, first_date=date(year - 1, 1, 1), last_date=date(year + 1, 12, 31)
    )


def conference_ics(
    *,
    uid: str,
    starts_on: date,
    starts_at: time,
    place: str,
    summary: str,
    description: str = "",
    duration: timedelta = timedelta(hours=2),
    reminder_before: timedelta | None = timedelta(days=1),
    alarm_text: str = "",
    stamp: datetime | None = None,
) -> bytes:
    """One event. `summary` and `description` are already in the reader's language,
    and must not name anyone: the file may be seen by others on a shared phone."""
    start = datetime.combine(starts_on, starts_at, tzinfo=LONDON)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", (stamp or datetime.now(UTC)).astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + duration)
    event.add("summary", summary)
    event.add("location", place)
    if description:
        event.add("description", description)
    event.add("class", "PRIVATE")
    event.add("transp", "OPAQUE")
    if reminder_before:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", alarm_text or summary)
        alarm.add("trigger", -reminder_before)
        event.add_component(alarm)

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(_london(starts_on.year))
    calendar.add_component(event)
    return calendar.to_ical()
