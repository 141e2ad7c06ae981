"""The key dates of one conference, worked out from the council's timescales.

Pure: `key_dates()` takes the conference's kind and date, the date the minutes were
sent (when staff have recorded it) and the profile's timescales, and returns the
dates in the order they happen. A timescale the profile does not give has no key
date: it is left out, never guessed.

Working days skip weekends and the bank holidays of England and Wales
(portal.timescales). A deadline counted in calendar days, hours or months that lands
on a weekend or bank holiday moves to the last working day on or before it. The words
for each item live in templates/macros/keydates.html, keyed by `KeyDate.key`.

    items = key_dates("initial", date(2026, 3, 2), None, profile.timescales)
    [(i.key, i.when) for i in items]
    # [("conference", date(2026, 3, 2)), ("minutes_due", date(2026, 3, 23)), ...]
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from portal.profiles import Period, Timescales
from portal.timescales import add_months, add_working_days, working_day_on_or_before


@dataclass(frozen=True)
class Every:
    """A repeating period: every `count` weeks or months, starting after `after`."""

    count: int
    unit: Literal["weeks", "months"]
    after: date


@dataclass(frozen=True)
class KeyDate:
    key: str
    when: date | Every
    # The number in the item's wording, and its unit ("working days", "days", "hours",
    # "weeks", "months"), if any.
    count: int | None = None
    unit: str | None = None

    @property
    def is_period(self) -> bool:
        return isinstance(self.when, Every)


def _days(period: Period) -> int:
    """A period in calendar days: 48 hours is 2 days."""
    return -(-period.count // 24) if period.unit == "hours" else period.count


def _shift(day: date, period: Period, direction: int) -> date:
    if period.unit == "working days":
        return add_working_days(day, direction * period.count)
    return working_day_on_or_before(day + timedelta(days=direction * _days(period)))


def report_due(kind: str, conference_on: date, timescales: Timescales) -> date | None:
    """The last day the reports should reach the parents, or None when the council
    gives no timescale. The one rule for it: the staff report page and the parent's key
    dates both use this."""
    period = (
        timescales.reports_before_review
        if str(kind) == "review"
        else timescales.reports_before_initial
    )
    return _shift(conference_on, period, -1) if period else None


def key_dates(
    kind: str,
    conference_on: date,
    minutes_sent_on: date | None,
    timescales: Timescales,
) -> list[KeyDate]:
    """Every key date the council's timescales give, in the order they happen.

    `kind` is "initial" or "review" (a ConferenceKind works too). A review conference
    is followed by the next review, not the first one. The last day to complain
    appears only once the minutes have been sent and the council gives a time limit.
    """
    t = timescales
    review = str(kind) == "review"
    items = [KeyDate("conference", conference_on)]
    before = t.reports_before_review if review else t.reports_before_initial
    if before:
        items.append(
            KeyDate("report_due", _shift(conference_on, before, -1), before.count, before.unit)
        )
    if t.plan_sent:
        items.append(
            KeyDate(
                "plan_sent",
                _shift(conference_on, t.plan_sent, 1),
                t.plan_sent.count,
                t.plan_sent.unit,
            )
        )
    if t.minutes_working_days:
        n = t.minutes_working_days.value
        items.append(KeyDate("minutes_due", add_working_days(conference_on, n), n))
    if t.first_core_group_working_days:
        n = t.first_core_group_working_days.value
        first_core = add_working_days(conference_on, n)
        items.append(KeyDate("first_core_group", first_core, n))
        if t.core_group_every_weeks:
            weeks = t.core_group_every_weeks.value
            items.append(KeyDate("core_groups", Every(weeks, "weeks", first_core), weeks))
    next_months = t.later_reviews_months if review else t.first_review_months
    if next_months:
        n = next_months.value
        next_review = working_day_on_or_before(add_months(conference_on, n))
        items.append(KeyDate("next_review" if review else "first_review", next_review, n))
        if t.later_reviews_months:
            later = t.later_reviews_months.value
            items.append(KeyDate("later_reviews", Every(later, "months", next_review), later))
    if minutes_sent_on is not None:
        deadline = complaint_deadline(minutes_sent_on, t)
        if deadline is not None:
            items.append(KeyDate("complain_by", deadline, t.complaint_days.value, "days"))
    return sorted(items, key=_order)


def complaint_deadline(minutes_sent_on: date, timescales: Timescales) -> date | None:
    """The last day to complain in writing, or None when the council gives no time limit:
    `complaint_days` calendar days after the minutes were sent (counted from sending,
    so never later than the council's own count from receipt), moved back to a working
    day."""
    if timescales.complaint_days is None:
        return None
    return working_day_on_or_before(
        minutes_sent_on + timedelta(days=timescales.complaint_days.value)
    )


def _order(item: KeyDate) -> date:
    return item.when.after if isinstance(item.when, Every) else item.when
