"""Counting reports on time for many conferences at once (portal.timeliness) gives the
same answer as portal.reports.report_status gives for each one, deadline day included,
whether the council's profile gives both report timescales, one, or none (Westminster's
leaflet gives none: such a report is "unknown", never late)."""

from datetime import time, timedelta

import pytest

from portal import clock, reports, timeliness
from portal.conferences import visible_select
from portal.models import Conference, Report, ReportVersion
from portal.models.conference import ConferenceKind
from portal.models.staff import Role
from tests.conftest import make_conference, make_staff
from tests.timescales_helpers import full_timescales

TIMESCALES = {
    "both": full_timescales(),
    "initial only": full_timescales(reports_before_review=None),
    "none": None,  # the test council's own profile: Westminster gives no report timescale
}


@pytest.fixture(params=list(TIMESCALES))
def timescales(request, use_council):
    """Each test runs with both report timescales, with one, and with none."""
    if TIMESCALES[request.param] is not None:
        use_council("westminster", timescales=TIMESCALES[request.param])
    return request.param


def _share(db, conference, moment):
    report = Report(conference_id=conference.id)
    db.add(report)
    db.flush()
    db.add(ReportVersion(report_id=report.id, number=1, shared_at=moment, content={}))


def _world(db):
    """Conferences of both kinds from ten weeks ago to three weeks ahead (every third day
    before today, every day from today, so that whatever the weekday some upcoming
    conference's deadline has passed under each choice), reports shared on the deadline
    day's last minute, the next day's first minute, or never."""
    today = clock.today()
    made = []
    for offset in [*range(-70, 0, 3), *range(0, 22)]:
        for kind in ConferenceKind:
            conference = make_conference(db, kind=kind, starts_on=today + timedelta(days=offset))
            due = reports.report_deadline(conference)
            if due is None:  # no timescale: some reports shared a week before, some not
                shared = clock.in_utc(conference.starts_on - timedelta(days=7), time(9, 0))
                if offset % 2 and shared <= clock.now_utc():
                    _share(db, conference, shared)
                made.append(conference)
                continue
            last_minute = clock.in_utc(due, time(23, 59))
            next_day = clock.in_utc(due + timedelta(days=1), time(0, 0))
            choice = (offset // 3) % 3 if offset < 0 else offset % 3
            if choice == 0 and last_minute <= clock.now_utc():
                _share(db, conference, last_minute)
            elif choice == 1 and next_day <= clock.now_utc():
                _share(db, conference, next_day)
            made.append(conference)
    db.flush()
    return made


NAMES = {"shared_on_time": "on_time", "shared_late": "late", "overdue": "overdue",
         "draft": "not_due"}


def _state(conference) -> str:
    status = reports.report_status(conference)
    # Without a deadline a report is neither on time nor late: "shared" or "draft".
    return "unknown" if status.deadline is None else NAMES[status.key]


def test_by_month_agrees_with_report_status(ctx, timescales):
    made = _world(ctx)
    manager = make_staff(ctx, role=Role.MANAGER)
    months = timeliness.by_month(visible_select(manager), months=4)
    assert [m.first_day for m in months] == sorted({m.first_day for m in months}, reverse=True)
    expected: dict = {}
    first = months[-1].first_day
    for conference in made:
        if conference.starts_on < first or conference.starts_on > clock.today() + timedelta(31):
            continue
        key = _state(conference)
        month = expected.setdefault(conference.starts_on.replace(day=1), {})
        month[key] = month.get(key, 0) + 1
    got = {m.first_day: {k: v for k, v in m.counts.items() if v} for m in months}
    assert {k: v for k, v in got.items() if v} == {
        k: v for k, v in expected.items() if k <= clock.today().replace(day=1)
    }
    kinds = {key for month in expected.values() for key in month}
    if timescales == "none":
        assert kinds == {"unknown"}  # never late by a made-up default
    else:
        assert {"on_time", "late", "overdue"} <= kinds  # every state was tried
        assert ("unknown" in kinds) == (timescales == "initial only")


def test_only_late_agrees_with_report_status(ctx, timescales):
    made = _world(ctx)
    manager = make_staff(ctx, role=Role.MANAGER)
    today = clock.today()
    upcoming = visible_select(manager).where(Conference.starts_on >= today)
    query = timeliness.only_late(upcoming, today)
    found = {c.id for c in ctx.scalars(query)}
    expected = {
        c.id for c in made
        if c.starts_on >= today and _state(c) in ("overdue", "late")
    }
    if timescales == "both":
        assert expected, "the world has no late report to find"
    if timescales == "none":
        assert not expected  # never late by a made-up default
    assert found == expected


def test_the_manager_sees_the_months(app, client, timescales):
    from tests.conftest import check_page
    from tests.functional.test_staff_auth import new_staff, sign_in

    with app.test_request_context():
        from portal.db import session

        _world(session())
        session().commit()
    manager = new_staff(app, role=Role.MANAGER)
    sign_in(client, manager["email"])
    response = client.get("/staff/timeliness")
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    rows = [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
            for row in soup.find("tbody").find_all("tr")]
    assert len(rows) == timeliness.MONTHS
    assert rows[0][0] == clock.today().strftime("%B %Y")
    late, unknown = sum(int(row[3]) for row in rows), sum(int(row[6]) for row in rows)
    assert all(int(row[1]) == sum(int(x) for x in row[2:7]) for row in rows)
    note = soup.find(class_="notice")
    if timescales == "none":
        assert late == 0 and unknown > 0  # nothing late by a made-up default
        assert all(row[7] == "None due" for row in rows)
        assert "gives no timescale for sharing reports before a conference" in note.get_text()
    elif timescales == "initial only":
        assert late > 0 and unknown > 0
        assert "before a review conference" in note.get_text()
    else:
        assert late > 0 and unknown == 0  # shared late, somewhere in the year
        assert note is None
