"""The key dates of one conference, worked out from the council's timescales.

Pure: `key_dates()` takes the conference's kind and date, the date the minutes were
sent (when staff have recorded it) and the profile's timescales, and returns the
dates in the order they happen. Working days skip weekends and the bank holidays of
England and Wales (portal.timescales). The words for each item live in the
template macro templates/macros/keydates.html, keyed by `KeyDate.key`, so they can
be translated; `KeyDate.label` gives the same words in Python when a page needs them.

    items = key_dates("initial", date(2026, 3, 2), None, profile.timescales)
    [(i.key, i.when) for i in items]
    # [("report_due", date(2026, 2, 26)), ("conference", date(2026, 3, 2)), ...]
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from portal.profiles import Timescales
from portal.timescales import add_months, add_working_days


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
    # The number in the item's wording (working days, weeks, months, days), if any.
    count: int | None = None

    @property
    def is_period(self) -> bool:
        return isinstance(self.when, Every)

    @property
    def label(self) -> str:
        """The item's words for the parent in the current language (needs an app context)."""
        return self.label_for("parent")

    def label_for(self, audience: Literal["parent", "staff"]) -> str:
        """The item's words for `audience`: the parent ("shared with you by") or staff
        ("shared with the family by"), in the current language (needs an app context)."""
        from flask_babel import gettext

        labels = _STAFF_LABELS if audience == "staff" else _LABELS
        return gettext(labels[self.key], count=self.count or 0)


def N_(message: str) -> str:
    """Marks a message for the catalog; it is translated when `label` is read."""
    return message


# Kept here as well as in the macro so Python callers (e.g. a calendar file) can
# name an item; the template has its own, richer wording.
_LABELS = {
    "report_due": N_("Reports shared with you by"),
    "conference": N_("The conference"),
    "plan_sent": N_("The plan sent to you by"),
    "minutes_due": N_("The minutes sent to you by"),
    "first_core_group": N_("First core group meeting by"),
    "core_groups": N_("Core group meetings, at least every %(count)s weeks"),
    "first_review": N_("First review conference by"),
    "next_review": N_("Next review conference by"),
    "later_reviews": N_("Later review conferences, every %(count)s months"),
    "complain_by": N_("Last day to complain in writing"),
}

# The same items as staff read them (the staff conference page): about the family,
# not addressed to them. The macro has the richer staff wording too.
_STAFF_LABELS = {
    "report_due": N_("Reports shared with the family by"),
    "conference": N_("The conference"),
    "plan_sent": N_("The plan sent to the family by"),
    "minutes_due": N_("The minutes sent to the family by"),
    "first_core_group": N_("First core group meeting by"),
    "core_groups": N_("Core group meetings, at least every %(count)s weeks"),
    "first_review": N_("First review conference by"),
    "next_review": N_("Next review conference by"),
    "later_reviews": N_("Later review conferences, every %(count)s months"),
    "complain_by": N_("The family's last day to complain in writing"),
}


def key_dates(
    kind: str,
    conference_on: date,
    minutes_sent_on: date | None,
    timescales: Timescales,
) -> list[KeyDate]:
    """Every key date of a conference, in the order they happen.

    `kind` is "initial" or "review" (a ConferenceKind works too). A review conference
    is followed by the next review after `later_reviews_months`, not the first one.
    The last day to complain is `complaint_days` calendar days after the minutes were
    sent; it appears only once that date is known.
    """
    t = timescales
    review = str(kind) == "review"
    before = (
        t.reports_before_review_working_days if review else t.reports_before_initial_working_days
    )
    first_core = add_working_days(conference_on, t.first_core_group_working_days)
    items = [
        KeyDate("report_due", add_working_days(conference_on, -before), before),
        KeyDate("conference", conference_on),
        KeyDate(
            "plan_sent",
            add_working_days(conference_on, t.plan_sent_working_days),
            t.plan_sent_working_days,
        ),
        KeyDate(
            "minutes_due",
            add_working_days(conference_on, t.minutes_working_days),
            t.minutes_working_days,
        ),
        KeyDate("first_core_group", first_core, t.first_core_group_working_days),
        KeyDate(
            "core_groups",
            Every(t.core_group_every_weeks, "weeks", first_core),
            t.core_group_every_weeks,
        ),
    ]
    if review:
        next_review = add_months(conference_on, t.later_reviews_months)
        items.append(KeyDate("next_review", next_review, t.later_reviews_months))
    else:
        next_review = add_months(conference_on, t.first_review_months)
        items.append(KeyDate("first_review", next_review, t.first_review_months))
    items.append(
        KeyDate(
            "later_reviews",
            Every(t.later_reviews_months, "months", next_review),
            t.later_reviews_months,
        )
    )
    if minutes_sent_on is not None:
        items.append(
            KeyDate("complain_by", complaint_deadline(minutes_sent_on, t), t.complaint_days)
        )
    return sorted(items, key=_order)


def complaint_deadline(minutes_sent_on: date, timescales: Timescales) -> date:
    """The last day to complain in writing: `complaint_days` calendar days after the
    minutes were sent (counted from sending, so never later than the council's own
    count from receipt)."""
    return minutes_sent_on + timedelta(days=timescales.complaint_days)


def _order(item: KeyDate) -> date:
    return item.when.after if isinstance(item.when, Every) else item.when
