"""Whether reports reached families in time, counted for many conferences at once: the
dashboard's "late reports" filter and the manager's timeliness view.

The rule is portal.reports.report_status's: a report is shared on time when its first
version reached the family by the end of its deadline day in England. A deadline
depends only on the kind of conference, its date and the council's timescales, so for
a range of dates this module works each one out (two kinds x a few hundred days at
most) and hands them to the database as a small table to join: the counting is done in
SQL, on the conference table's indexes, however many conferences the council has.

A deadline is a fact of the council's profile, and a profile may not give it (a
leaflet that says only "before the conference"; see portal.profiles). A conference
whose kind has no report timescale has no deadline row: its report is "unknown",
neither on time nor late, and never on the dashboard's late list. No default stands in
for the missing fact.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from flask import current_app
from sqlalchemy import (
    CTE,
    Date,
    Select,
    String,
    case,
    column,
    false,
    func,
    select,
    values,
)

from portal import clock
from portal.db import session
from portal.models import Conference, Report, ReportVersion
from portal.models._types import UTCDateTime
from portal.models.conference import ConferenceKind
from portal.reports import share_deadline

MONTHS = 12
# "unknown": the council's profile gives no report timescale for the conference's kind.
STATES = ("on_time", "late", "overdue", "not_due", "unknown")


def deadlines(first: date, last: date) -> CTE | None:
    """A table (kind, starts_on, due_end) for every conference date from first to last
    whose kind has a report timescale: due_end is the moment the deadline day ends in
    England (in UTC). None when the profile gives no report timescale at all."""
    rows = _deadline_rows(first, last, current_app.extensions["profile"].timescales)
    if not rows:
        return None
    # A common table expression: SQLite cannot name a VALUES list's columns otherwise.
    return values(
        column("kind", String), column("starts_on", Date), column("due_end", UTCDateTime()),
        name="deadline",
    ).data(rows).cte("deadline")


def missing_kinds() -> list[ConferenceKind]:
    """The kinds of conference whose report timescale the council's profile does not give."""
    timescales = current_app.extensions["profile"].timescales
    return [k for k in ConferenceKind if share_deadline(k, date(2000, 1, 3), timescales) is None]


@lru_cache(maxsize=16)
def _deadline_rows(first: date, last: date, timescales) -> list[tuple]:
    """Worked out once per range and timescales (the profile's are frozen, so hashable):
    counting working days past bank holidays costs a little for each date. A kind
    without a timescale has no rows."""
    rows = []
    for kind in ConferenceKind:
        day = first
        while day <= last:
            due = share_deadline(kind, day, timescales)
            if due is None:
                break  # no timescale for this kind: no deadline on any day
            rows.append((kind.value, day, clock.in_utc(due + timedelta(days=1), time(0))))
            day += timedelta(days=1)
    return rows


def _on_date(table):
    return (table.c.kind == Conference.kind) & (table.c.starts_on == Conference.starts_on)


def first_shared():
    """When the conference's report first reached the family (None: never), per row."""
    return (
        select(func.min(ReportVersion.shared_at))
        .join(Report, Report.id == ReportVersion.report_id)
        .where(Report.conference_id == Conference.id)
        .scalar_subquery()
    )


def _state(due_end, shared, now: datetime):
    return case(
        (due_end.is_(None), "unknown"),
        (shared.is_(None) & (due_end <= now), "overdue"),
        (shared.is_(None), "not_due"),
        (shared < due_end, "on_time"),
        else_="late",
    )


def only_late(query: Select, today: date) -> Select:
    """Narrow a query of conferences on or after `today` to those whose report is late:
    not shared with its deadline passed, or shared after it. A deadline is always before
    the conference, so only conferences within a month can have passed theirs. A
    conference without a deadline (no timescale in the profile) is never late."""
    table = deadlines(today, today + timedelta(days=31))
    if table is None:
        return query.where(false())
    shared = first_shared()
    return query.join(table, _on_date(table)).where(
        table.c.due_end <= clock.now_utc(), shared.is_(None) | (shared >= table.c.due_end)
    )


@dataclass
class Month:
    first_day: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def due(self) -> int:
        """Conferences whose deadline has come: on time, late or overdue (not those
        without a deadline)."""
        return self.total - self.counts["not_due"] - self.counts["unknown"]

    @property
    def on_time_share(self) -> float | None:
        return self.counts["on_time"] / self.due if self.due else None


def by_month(visible: Select, today: date | None = None, months: int = MONTHS) -> list[Month]:
    """For `visible` (a select of the conferences the user may see), the last `months`
    months of conferences up to this month, newest first: how many reports were shared on
    time, late, are overdue, not due yet, or have no deadline to count against."""
    today = today or clock.today()
    first, last = _month_start(today, months - 1), _month_start(today, -1) - timedelta(days=1)
    table = deadlines(first, last)
    # Each report's first share, for the conferences of these months, in one pass.
    shared = (
        select(Report.conference_id, func.min(ReportVersion.shared_at).label("first"))
        .join(ReportVersion, ReportVersion.report_id == Report.id)
        .join(Conference, Conference.id == Report.conference_id)
        .where(Conference.starts_on.between(first, last))
        .group_by(Report.conference_id)
        .subquery("shared")
    )
    in_range = Conference.starts_on.between(first, last)
    if table is None:  # no report timescale at all: every report's timeliness is unknown
        query = (
            visible.with_only_columns(Conference.starts_on, func.count())
            .where(in_range)
            .group_by(Conference.starts_on)
        )
        rows = [(starts_on, "unknown", count) for starts_on, count in session().execute(query)]
    else:
        # Outer: a conference whose kind has no timescale is counted, as "unknown".
        state = _state(table.c.due_end, shared.c.first, clock.now_utc()).label("state")
        query = (
            visible.with_only_columns(Conference.starts_on, state, func.count().label("n"))
            .outerjoin(table, _on_date(table))
            .outerjoin(shared, shared.c.conference_id == Conference.id)
            .where(in_range)
            .group_by(Conference.starts_on, state)
        )
        rows = list(session().execute(query))
    found: dict[date, dict[str, int]] = {}
    for starts_on, key, count in rows:
        month = found.setdefault(starts_on.replace(day=1), dict.fromkeys(STATES, 0))
        month[key] += count
    starts = [_month_start(today, back) for back in range(months)]
    return [Month(start, found.get(start, dict.fromkeys(STATES, 0))) for start in starts]


def _month_start(day: date, back: int) -> date:
    """The first day of the month `back` months before `day`'s (negative: after)."""
    year, month = divmod(day.year * 12 + day.month - 1 - back, 12)
    return date(year, month + 1, 1)
