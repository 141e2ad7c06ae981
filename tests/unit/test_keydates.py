"""Key dates against examples worked by hand with a calendar.

Bank holidays of England and Wales used below (from the `holidays` package, checked
against gov.uk): 2026: Good Friday 3 Apr, Easter Monday 6 Apr, late summer 31 Aug,
Christmas Fri 25 Dec, Boxing Day Sat 26 Dec -> substitute Mon 28 Dec.
2027: New Year Fri 1 Jan; Christmas Sat 25 Dec -> substitute Mon 27 Dec; Boxing
Day Sun 26 Dec -> substitute Tue 28 Dec. 2028: New Year Sat 1 Jan -> substitute Mon 3 Jan.
"""

from datetime import date

import pytest

from portal.keydates import Every, complaint_deadline, key_dates
from portal.profiles import Timescales, load_profile

DEFAULTS = Timescales()  # PRODUCT.md's table: 2/5 reports, 1 plan, 15 minutes, ...


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
    # Mon 30 Nov 2026 + 3 months = "30 Feb 2027", so the last day of February.
    got = dates(key_dates("initial", date(2026, 11, 30), None, DEFAULTS))
    assert got["first_review"] == date(2027, 2, 28)


def test_complaint_deadline_uses_the_profile():
    short = Timescales(complaint_days=14)
    assert complaint_deadline(date(2026, 12, 24), short) == date(2027, 1, 7)


@pytest.mark.parametrize("kind", ["initial", "review"])
def test_every_item_has_a_label(app, kind):
    with app.test_request_context():
        for item in key_dates(kind, date(2026, 4, 1), date(2026, 4, 20), DEFAULTS):
            assert item.label and "%(" not in item.label
