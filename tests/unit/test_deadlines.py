"""When the report must reach the family, and whether it did: working days that skip
weekends and the bank holidays of England and Wales (checked against the `holidays`
package: Good Friday 2027-03-26, Easter Monday 2027-03-29, Christmas 2026 on Friday
25 December with Boxing Day observed Monday 28 December, New Year's Day 2027 on a
Friday, and Christmas 2027 on a weekend, observed Monday 27 and Tuesday 28 December)."""

from datetime import UTC, date, datetime

import pytest

from portal import reports
from portal.models import ReportVersion
from portal.models.conference import ConferenceKind
from portal.profiles import Timescales
from tests.conftest import make_conference
from tests.timescales_helpers import full_timescales, working_days

INITIAL, REVIEW = ConferenceKind.INITIAL, ConferenceKind.REVIEW
DEFAULTS = full_timescales()  # 2 working days before an initial conference, 5 before a review


@pytest.mark.parametrize(
    ("kind", "conference_on", "expected"),
    [
        # Tuesday 30 March 2027, the day after Easter Monday. Counting back 2 working days:
        # Mon 29 (Easter Monday) no, Sun 28 and Sat 27 no, Fri 26 (Good Friday) no,
        # Thu 25 is 1, Wed 24 is 2.
        (INITIAL, date(2027, 3, 30), date(2027, 3, 24)),
        # The same day, a review: Thu 25 (1), Wed 24 (2), Tue 23 (3), Mon 22 (4), Fri 19 (5).
        (REVIEW, date(2027, 3, 30), date(2027, 3, 19)),
        # Thursday 1 April 2027 (after Easter): Wed 31 (1), Tue 30 (2). No holiday in the way.
        (INITIAL, date(2027, 4, 1), date(2027, 3, 30)),
        # A review on Thursday 1 April 2027: Wed 31 (1), Tue 30 (2), Mon 29 Easter Monday no,
        # weekend no, Good Friday no, Thu 25 (3), Wed 24 (4), Tue 23 (5).
        (REVIEW, date(2027, 4, 1), date(2027, 3, 23)),
        # Monday 30 November 2026, weekend only: Fri 27 (1), Thu 26 (2).
        (INITIAL, date(2026, 11, 30), date(2026, 11, 26)),
        # Monday: the weekend is skipped for a review too: Fri 27 (1) ... Mon 23 (5).
        (REVIEW, date(2026, 11, 30), date(2026, 11, 23)),
        # Wednesday 6 January 2027, a review: Tue 5 (1), Mon 4 (2), weekend no, Fri 1 Jan
        # (New Year's Day) no, Thu 31 Dec (3), Wed 30 (4), Tue 29 (5). Mon 28 is Boxing Day
        # observed, but we stopped before it.
        (REVIEW, date(2027, 1, 6), date(2026, 12, 29)),
        # Tuesday 29 December 2026, initial: Mon 28 (Boxing Day observed) no, weekend no,
        # Fri 25 (Christmas) no, Thu 24 (1), Wed 23 (2).
        (INITIAL, date(2026, 12, 29), date(2026, 12, 23)),
        # Wednesday 29 December 2027, initial: Tue 28 and Mon 27 (Christmas and Boxing Day
        # observed) no, weekend no, Fri 24 (1), Thu 23 (2).
        (INITIAL, date(2027, 12, 29), date(2027, 12, 23)),
        # A conference on a Tuesday after the Spring bank holiday (Mon 31 May 2027):
        # Fri 28 (1), Thu 27 (2).
        (INITIAL, date(2027, 6, 1), date(2027, 5, 27)),
    ],
)
def test_share_deadline(kind, conference_on, expected):
    assert reports.share_deadline(kind, conference_on, DEFAULTS) == expected


def test_the_council_sets_the_number_of_working_days():
    three = full_timescales(
        reports_before_initial=working_days(3), reports_before_review=working_days(10)
    )
    # Tue 30 March 2027: Thu 25 (1), Wed 24 (2), Tue 23 (3).
    assert reports.share_deadline(INITIAL, date(2027, 3, 30), three) == date(2027, 3, 23)
    # 10 working days back from Tue 30 March 2027 with Easter in the way:
    # 25, 24, 23, 22, 19, 18, 17, 16, 15, 12 March.
    assert reports.share_deadline(REVIEW, date(2027, 3, 30), three) == date(2027, 3, 12)
    # Not given: no deadline at all, rather than a guessed one.
    assert reports.share_deadline(INITIAL, date(2027, 3, 30), Timescales()) is None


def _share_at(db, conference, moment: datetime):
    report = reports.get_or_create_report(conference)
    reports.save_section(report, report.sections[0], "About the family", "Text.")
    shared, _new = reports.share(report, None)
    shared.shared_at = moment
    db.flush()
    return shared


@pytest.mark.parametrize(
    ("shared_at", "expected"),
    [
        # Deadline Thursday 27 May 2027 (British Summer Time, UTC+1).
        (datetime(2027, 5, 27, 22, 30, tzinfo=UTC), "shared_on_time"),  # 23:30 on the 27th
        (datetime(2027, 5, 27, 23, 30, tzinfo=UTC), "shared_late"),  # 00:30 on the 28th
        (datetime(2027, 5, 20, 9, 0, tzinfo=UTC), "shared_on_time"),
        (datetime(2027, 5, 31, 9, 0, tzinfo=UTC), "shared_late"),  # on the bank holiday
    ],
)
@pytest.mark.usefixtures("reports_two_working_days_before")
def test_on_time_is_judged_by_the_day_in_england(ctx, shared_at, expected):
    conference = make_conference(ctx, starts_on=date(2027, 6, 1), kind=INITIAL)
    _share_at(ctx, conference, shared_at)
    status = reports.report_status(conference, today=date(2027, 6, 1))
    assert status.key == expected
    assert status.deadline == date(2027, 5, 27)


@pytest.mark.usefixtures("reports_two_working_days_before")
def test_a_later_version_does_not_change_on_time(ctx):
    conference = make_conference(ctx, starts_on=date(2027, 3, 30), kind=REVIEW)
    _share_at(ctx, conference, datetime(2027, 3, 18, 12, 0, tzinfo=UTC))
    report = reports.report_for(conference)
    reports.save_section(report, report.sections[1], "Worries", "Changed after the deadline.")
    reports.share(report, None)
    ctx.flush()
    assert len(ctx.query(ReportVersion).all()) == 2
    status = reports.report_status(conference, today=date(2027, 3, 29))
    assert (status.key, status.versions) == ("shared_on_time", 2)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 3, 24), "draft"),  # the deadline day itself: still time
        (date(2027, 3, 25), "overdue"),
        (date(2027, 3, 30), "overdue"),
    ],
)
@pytest.mark.usefixtures("reports_two_working_days_before")
def test_not_shared_is_draft_until_the_deadline_then_overdue(ctx, today, expected):
    conference = make_conference(ctx, starts_on=date(2027, 3, 30), kind=INITIAL)
    reports.get_or_create_report(conference)
    assert reports.report_status(conference, today=today).key == expected


@pytest.mark.usefixtures("reports_two_working_days_before")
def test_no_report_at_all_has_a_state_too(ctx):
    conference = make_conference(ctx, starts_on=date(2027, 3, 30), kind=INITIAL)
    assert reports.report_status(conference, today=date(2027, 3, 1)).key == "draft"
    assert reports.report_status(conference, today=date(2027, 3, 29)).key == "overdue"
    status = reports.report_status(conference)
    key, label = status.key, status.label
    assert key in ("draft", "overdue") and str(label)


@pytest.fixture
def reports_two_working_days_before(app, monkeypatch):
    """These tests judge lateness, so the council gives a report timescale (Westminster's
    leaflet, the test app's council, gives none)."""
    profile = app.extensions["profile"].model_copy(update={"timescales": DEFAULTS})
    monkeypatch.setitem(app.extensions, "profile", profile)


def test_without_a_timescale_nothing_is_late_or_overdue(ctx):
    conference = make_conference(ctx, starts_on=date(2027, 3, 30), kind=INITIAL)
    status = reports.report_status(conference, today=date(2027, 3, 29))
    assert (status.key, status.deadline) == ("draft", None)
    _share_at(ctx, conference, datetime(2027, 3, 29, 12, 0, tzinfo=UTC))
    assert reports.report_status(conference, today=date(2027, 3, 30)).key == "shared"


def test_a_lost_share_race_gets_the_version_that_won_and_keeps_the_rest(ctx, monkeypatch):
    conference = make_conference(ctx, starts_on=date(2027, 3, 30), kind=INITIAL)
    report = reports.get_or_create_report(conference)
    won, _new = reports.share(report, None)
    reports.save_section(report, report.sections[0], "Edited", "Saved in the same request.")
    # Another request took number 1 between our reading and our writing.
    real, calls = reports.latest_version, []

    def stale_then_real(r):
        calls.append(r)
        return None if len(calls) == 1 else real(r)

    monkeypatch.setattr(reports, "latest_version", stale_then_real)
    shared, new = reports.share(report, None)
    assert (shared.id, new) == (won.id, False)
    ctx.commit()  # nothing was rolled back: the edit is still there
    assert ctx.query(ReportVersion).count() == 1
    assert reports.report_for(conference).sections[0].heading == "Edited"
