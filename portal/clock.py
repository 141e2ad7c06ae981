"""The time in England: the one time zone the portal lives in (no Flask).

Conferences are held, letters dated and deadlines counted in England, so "today"
always means today in England, whatever the server's own zone. Pages format dates
and times with Flask-Babel, whose BABEL_DEFAULT_TIMEZONE is LONDON_ID.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LONDON_ID = "Europe/London"
LONDON = ZoneInfo(LONDON_ID)


def now_utc() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today's date in England."""
    return datetime.now(LONDON).date()


def local_date(moment: datetime) -> date:
    """The date in England at a moment (a naive moment is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON).date()


def in_utc(day: date, at: time) -> datetime:
    """A date and clock time in England, as a moment in UTC."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)
