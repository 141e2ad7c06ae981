"""Key dates against examples worked by hand with a calendar.

Bank holidays of England and Wales used below (from the `holidays` package, checked
against gov.uk): 2026: Good Friday 3 Apr, Easter Monday 6 Apr, late summer 31 Aug,
Christmas Fri 25 Dec, Boxing Day Sat 26 Dec -> substitute Mon 28 Dec.
2027: New Year Fri 1 Jan; Christmas Sat 25 Dec -> substitute Mon 27 Dec; Boxing
Day Sun 26 Dec -> substitute Tue 28 Dec. 2028: New Year Sat 1 Jan -> substitute Mon 3 Jan.
"""

from datetime import date

from portal.keydates import Every, complaint_deadline, key_dates, report_due
from portal.profiles import Period, Timescales, load_profile
from tests.timescales_helpers import SOURCE, count, full_timescales

DEFAULTS = full_timescales()  # PRODUCT.md's table: 2/5 reports, 1 plan, 15 minutes, ...


def dates(items):
    return {i.key: i.when for i in items}


def test_initial_conference_over_easter():
    # Conference Wed 1 Apr 2026.
    got = dates(key_dates("initial", date(2026, 4, 1), None, DEFAULTS))
    # Reports 2 working days before: Tue 31 Mar (1), Mon 30 Mar (2).
    assert got["report_due"] == date(2026, 3, 30)
    assert got["conference"] == date(2026, 4, 1)
    # Plan 1 working day after: Thu 2 Apr.
    assert got["plan_sent"] == date(2026, 4, 2)
    # First core group 10 working days: Thu 2 (1), [Fri 3 Good Friday, Mon 6 Easter
    # Monday skipped], Tue 7 (2), Wed 8 (3), Thu 9 (4), Fri 10 (5), Mon 13 (6),
    # Tue 14 (7), Wed 15 (8), Thu 16 (9), Fri 17 (10).
    assert got["first_core_group"] == date(2026, 4, 17)
    # Minutes 15 working days: carry on from Fri 17 (10): Mon 20 (11), Tue 21 (12),
    # Wed 22 (13), Thu 23 (14), Fri 24 (15).
    assert got["minutes_due"] == date(2026, 4, 24)
    assert got["core_groups"] == Every(6, "weeks", date(2026, 4, 17))
    # First review 3 calendar months on: 1 Jul; later reviews every 6 months after it.
    assert got["first_review"] == date(2026, 7, 1)
    assert got["later_reviews"] == Every(6, "months", date(2026, 7, 1))
    assert "complain_by" not in got  # minutes not sent yet


def test_west_berkshire_minutes_take_20_working_days():
    wb = load_profile("west-berkshire").timescales
    got = dates(key_dates("initial", date(2026, 4, 1), None, wb))
    # From Fri 24 Apr (15): Mon 27 (16), Tue 28 (17), Wed 29 (18), Thu 30 (19),
    # Fri 1 May (20). (Mon 4 May is a bank holiday but is not reached.)
    assert got["minutes_due"] == date(2026, 5, 1)


def test_conference_in_late_december():
    # Conference Tue 22 Dec 2026; minutes sent Fri 15 Jan 2027.
    items = key_dates("initial", date(2026, 12, 22), date(2027, 1, 15), DEFAULTS)
    got = dates(items)
    # Reports: Mon 21 Dec (1), Fri 18 Dec (2).
    assert got["report_due"] == date(2026, 12, 18)
    # Plan: Wed 23 Dec.
    assert got["plan_sent"] == date(2026, 12, 23)
    # Core group: Wed 23 (1), Thu 24 (2), [Fri 25 Christmas, Sat 26, Sun 27, Mon 28
    # Boxing Day substitute], Tue 29 (3), Wed 30 (4), Thu 31 (5), [Fri 1 Jan New Year,
    # weekend], Mon 4 (6), Tue 5 (7), Wed 6 (8), Thu 7 (9), Fri 8 Jan 2027 (10).
    assert got["first_core_group"] == date(2027, 1, 8)
    # Minutes: Mon 11 (11), Tue 12 (12), Wed 13 (13), Thu 14 (14), Fri 15 Jan (15).
    assert got["minutes_due"] == date(2027, 1, 15)
    # Complaint: 28 calendar days after Fri 15 Jan = Fri 12 Feb 2027.
    assert got["complain_by"] == date(2027, 2, 12)
    assert got["first_review"] == date(2027, 3, 22)
    # In date order, periods placed at their first date.
    assert [i.key for i in items] == [
        "report_due",
        "conference",
        "plan_sent",
        "first_core_group",
        "core_groups",
        "minutes_due",
        "complain_by",
        "first_review",
        "later_reviews",
    ]


def test_christmas_2027_substitute_days_and_new_year_2028():
    # Conference Thu 23 Dec 2027. Christmas (Sat) and Boxing Day (Sun) move to
    # Mon 27 and Tue 28 Dec; New Year's Day 2028 (Sat) moves to Mon 3 Jan.
    got = dates(key_dates("initial", date(2027, 12, 23), None, DEFAULTS))
    # Plan: Fri 24 Dec is a working day.
    assert got["plan_sent"] == date(2027, 12, 24)
    # Core group: Fri 24 (1), [27, 28 substitutes], Wed 29 (2), Thu 30 (3), Fri 31 (4),
    # [Mon 3 Jan substitute], Tue 4 (5), Wed 5 (6), Thu 6 (7), Fri 7 (8), Mon 10 (9),
    # Tue 11 Jan 2028 (10).
    assert got["first_core_group"] == date(2028, 1, 11)
    # Minutes: Wed 12 (11), Thu 13 (12), Fri 14 (13), Mon 17 (14), Tue 18 (15).
    assert got["minutes_due"] == date(2028, 1, 18)
    # Reports: Wed 22 (1), Tue 21 Dec (2).
    assert got["report_due"] == date(2027, 12, 21)


def test_review_conference_after_a_bank_holiday():
    # Review conference Tue 1 Sep 2026. Reports 5 working days before: [Mon 31 Aug
    # late summer bank holiday], Fri 28 (1), Thu 27 (2), Wed 26 (3), Tue 25 (4), Mon 24 (5).
    got = dates(key_dates("review", date(2026, 9, 1), None, DEFAULTS))
    assert got["report_due"] == date(2026, 8, 24)
    # After a review, the next review is 6 months on (not 3): 1 Mar 2027.
    assert got["next_review"] == date(2027, 3, 1)
    assert "first_review" not in got


def test_review_months_clamp_to_the_end_of_a_short_month():
    # Tue 30 Jun 2026 + 3 months = "30 Sep 2026", a Wednesday: no clamping needed.
    got = dates(key_dates("initial", date(2026, 6, 30), None, DEFAULTS))
    assert got["first_review"] == date(2026, 9, 30)
    # Fri 30 Apr 2027 + 6 months (a review) = Sat 30 Oct 2027: moved back to Fri 29 Oct.
    got = dates(key_dates("review", date(2027, 4, 30), None, DEFAULTS))
    assert got["next_review"] == date(2027, 10, 29)


def test_a_month_deadline_on_a_weekend_moves_to_the_friday_before():
    # Mon 30 Nov 2026 + 3 months = "30 Feb 2027", clamped to Sun 28 Feb 2027: the last
    # working day on or before it is Fri 26 Feb.
    got = dates(key_dates("initial", date(2026, 11, 30), None, DEFAULTS))
    assert got["first_review"] == date(2027, 2, 26)
    # Later reviews count on from the date shown.
    assert got["later_reviews"] == Every(6, "months", date(2027, 2, 26))
    # Thu 7 Dec 2026 + 3 months = Sun 7 Mar 2027: Fri 5 Mar.
    got = dates(key_dates("initial", date(2026, 12, 7), None, DEFAULTS))
    assert got["first_review"] == date(2027, 3, 5)


def test_a_month_deadline_on_a_bank_holiday_moves_to_the_working_day_before():
    # Tue 28 Sep 2027 + 3 months = Tue 28 Dec 2027, the Boxing Day substitute; Mon 27 is
    # the Christmas substitute and 25-26 are a weekend: Fri 24 Dec 2027.
    got = dates(key_dates("initial", date(2027, 9, 28), None, DEFAULTS))
    assert got["first_review"] == date(2027, 12, 24)
    # Tue 29 Dec 2026 + 3 months = Mon 29 Mar 2027, Easter Monday; back past the Easter
    # weekend and Good Friday (Fri 26 Mar): Thu 25 Mar 2027.
    got = dates(key_dates("initial", date(2026, 12, 29), None, DEFAULTS))
    assert got["first_review"] == date(2027, 3, 25)


def test_complaint_deadline_uses_the_profile():
    short = full_timescales(complaint_days=count(14))
    assert complaint_deadline(date(2026, 12, 24), short) == date(2027, 1, 7)
    # 28 days after Wed 2 Dec 2026 is Wed 30 Dec: a working day, kept.
    assert complaint_deadline(date(2026, 12, 2), DEFAULTS) == date(2026, 12, 30)
    # 28 days after Mon 30 Nov 2026 is Mon 28 Dec, the Boxing Day substitute: Thu 24 Dec.
    assert complaint_deadline(date(2026, 11, 30), DEFAULTS) == date(2026, 12, 24)
    # 28 days after Sat 28 Nov 2026... is Sat 26 Dec: Thu 24 Dec.
    assert complaint_deadline(date(2026, 11, 28), DEFAULTS) == date(2026, 12, 24)


def test_no_time_limit_means_no_complaint_date():
    assert complaint_deadline(date(2026, 12, 2), Timescales()) is None
    got = dates(key_dates("initial", date(2026, 12, 2), date(2026, 12, 9), Timescales()))
    assert "complain_by" not in got


def test_a_timescale_not_given_has_no_key_date():
    # Only the conference itself is certain.
    assert [
        i.key for i in key_dates("initial", date(2026, 4, 1), date(2026, 4, 20), Timescales())
    ] == ["conference"]
    # Core groups repeat only after a first one; reviews repeat only after a first one.
    some = Timescales(core_group_every_weeks=count(6), later_reviews_months=count(6))
    assert {i.key for i in key_dates("initial", date(2026, 4, 1), None, some)} == {"conference"}


def test_each_shipped_council_gets_only_its_own_key_dates():
    keys = {
        slug: {
            i.key
            for i in key_dates(
                "initial", date(2026, 4, 1), date(2026, 4, 20), load_profile(slug).timescales
            )
        }
        for slug in ("westminster", "southwark", "county-cyps", "west-berkshire", "bexley")
    }
    # Westminster gives no report timescale and no complaint time limit.
    assert "report_due" not in keys["westminster"] and "complain_by" not in keys["westminster"]
    # Southwark gives no minutes or plan timescale.
    assert not keys["southwark"] & {"minutes_due", "plan_sent", "report_due"}
    # Only the county gives a complaint time limit.
    assert "complain_by" in keys["county-cyps"]
    assert [s for s, k in keys.items() if "complain_by" in k] == ["county-cyps"]
    # Bexley and West Berkshire have no core group frequency.
    assert "core_groups" not in keys["bexley"] | keys["west-berkshire"]


def test_days_hours_and_working_days_before_a_conference():
    def before(n, unit):
        return full_timescales(reports_before_initial=Period(count=n, unit=unit, source=SOURCE))

    # Bexley's "two days" before Wed 2 Dec 2026: Mon 30 Nov (calendar days).
    assert report_due("initial", date(2026, 12, 2), before(2, "days")) == date(2026, 11, 30)
    # Two days before Mon 7 Dec 2026 is Sat 5 Dec: moved back to Fri 4 Dec. Two *working*
    # days would be Thu 3 Dec.
    assert report_due("initial", date(2026, 12, 7), before(2, "days")) == date(2026, 12, 4)
    assert report_due("initial", date(2026, 12, 7), before(2, "working days")) == date(2026, 12, 3)
    # 48 hours before Mon 7 Dec 2026 counts as 2 days: Sat 5, so Fri 4 Dec.
    assert report_due("initial", date(2026, 12, 7), before(48, "hours")) == date(2026, 12, 4)
    # Five days before Tue 29 Dec 2026 is Thu 24 Dec, a working day.
    bexley = load_profile("bexley").timescales
    assert report_due("review", date(2026, 12, 29), bexley) == date(2026, 12, 24)
    # Five days before Wed 30 Dec 2026 is Fri 25 Dec (Christmas): Thu 24 Dec.
    assert report_due("review", date(2026, 12, 30), bexley) == date(2026, 12, 24)
    assert report_due("initial", date(2026, 12, 7), Timescales()) is None


def test_plan_within_24_hours_of_a_friday_conference():
    wb = load_profile("west-berkshire").timescales
    # Fri 4 Dec 2026 + 24 hours = Sat 5 Dec: the plan is due by Fri 4 Dec itself.
    assert dates(key_dates("initial", date(2026, 12, 4), None, wb))["plan_sent"] == date(
        2026, 12, 4
    )
    # Tue 1 Dec: Wed 2 Dec.
    assert dates(key_dates("initial", date(2026, 12, 1), None, wb))["plan_sent"] == date(
        2026, 12, 2
    )
