"""Timescales for tests that need every key date: PRODUCT.md's table, each value with
a source (a profile never holds a timescale without one)."""

from portal.profiles.schema import Count, Period, Timescales

SOURCE = "test: an example timescale"


def working_days(n: int) -> Period:
    return Period(count=n, unit="working days", source=SOURCE)


def count(n: int) -> Count:
    return Count(value=n, source=SOURCE)


def full_timescales(**overrides) -> Timescales:
    """Reports 2 and 5 working days before, plan 1 working day after, minutes 15 working
    days, first core group 10 working days then every 6 weeks, first review 3 months then
    every 6, a written complaint within 28 days. `overrides` replace any of them."""
    values = {
        "reports_before_initial": working_days(2),
        "reports_before_review": working_days(5),
        "plan_sent": working_days(1),
        "minutes_working_days": count(15),
        "first_core_group_working_days": count(10),
        "core_group_every_weeks": count(6),
        "first_review_months": count(3),
        "later_reviews_months": count(6),
        "complaint_days": count(28),
    }
    values.update(overrides)
    return Timescales(**values)
