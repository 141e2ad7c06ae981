"""The staff dashboard's lists (upcoming, this week, late reports, open requests, past,
one social worker's), its pages, and its cost: the same statements for 3 conferences
as for 120, none of them run by the template."""

from datetime import UTC, datetime, timedelta

import pytest

from portal import clock
from portal.models import (
    Child,
    Invitation,
    Report,
    ReportVersion,
    Submission,
    SupportRequest,
)
from portal.models.requests import RequestKind, RequestState
from portal.models.staff import Role
from tests.conftest import check_page, make_conference, make_staff
from tests.functional.parent_helpers import in_db
from tests.functional.report_helpers import staff_sign_in
from tests.statements import Statements
from tests.timescales_helpers import full_timescales

MANAGER = "manager@example.org"


@pytest.fixture(autouse=True)
def _timescales(use_council):
    """A council that gives report timescales (Westminster's own leaflet gives none: see
    test_without_a_report_timescale_no_report_is_late)."""
    use_council("westminster", timescales=full_timescales())


def _family(db, conference, number: int, requests: bool = True) -> None:
    """Invitations (one opened), two sent versions, a shared report and an open request:
    rows straight into the tables, as many as the test needs."""
    now = datetime.now(UTC)
    conference.children.append(Child(first_name=f"Child{number}", age=4))
    invitations = [Invitation(conference_id=conference.id, name=f"P{number}-{k}",
                              token_hash=f"{number:08d}{k}".ljust(64, "0"), code_hash="x",
                              first_signed_in_at=now if k == 0 else None) for k in range(3)]
    db.add_all(invitations)
    db.flush()
    for n in (1, 2):
        db.add(Submission(invitation_id=invitations[0].id, number=n,
                          reference=f"T{number:06d}{n}", content={"answers": {}}))
    report = Report(conference_id=conference.id)
    db.add(report)
    db.flush()
    db.add(ReportVersion(report_id=report.id, number=1, shared_at=now, content={}))
    if requests:
        db.add(SupportRequest(invitation_id=invitations[0].id, kind=RequestKind.OTHER,
                              details={"notes": "x"}, state=RequestState.OPEN, staff_note="",
                              sent_at=now))


def _council(app, upcoming: int):
    """Two social workers' conferences: `upcoming` in the weeks ahead (the first with an
    open request), one past, and one next week with its report overdue."""
    def build(db):
        make_staff(db, role=Role.MANAGER, email=MANAGER)
        sam = make_staff(db, name="Sam Okafor", email="sam@example.org")
        priya = make_staff(db, name="Priya Shah", email="priya@example.org")
        ids = {"sam": sam.id, "priya": priya.id, "upcoming": []}
        for number in range(upcoming):
            conference = make_conference(db, days_ahead=30 + number % 60,
                                         social_worker=sam if number % 2 else priya)
            _family(db, conference, number, requests=number == 0)
            ids["upcoming"].append(conference.id)
        ids["past"] = make_conference(db, days_ahead=-20, social_worker=sam).id
        # Tomorrow: its deadline (2 working days before an initial conference) has passed.
        ids["late"] = make_conference(db, starts_on=clock.today() + timedelta(days=1),
                                      social_worker=priya).id
        return ids

    return in_db(app, build)


def _ids(html: str) -> list[int]:
    soup = check_page(html)
    return [int(a["href"].rsplit("/", 1)[1]) for a in soup.select("tbody th a")]


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_each_list_shows_its_conferences(app, client):
    made = _council(app, upcoming=3)
    staff_sign_in(client, MANAGER)
    upcoming = _ids(_get(client, "/staff/"))
    assert upcoming == [made["late"], *made["upcoming"]]  # soonest first; nothing past
    assert _ids(_get(client, "/staff/?show=late")) == [made["late"]]
    assert _ids(_get(client, "/staff/?show=requests")) == [made["upcoming"][0]]
    assert _ids(_get(client, "/staff/?show=past")) == [made["past"]]
    this_week = _ids(_get(client, "/staff/?show=week"))
    monday = clock.today() - timedelta(days=clock.today().weekday())
    assert (made["late"] in this_week) == (clock.today() + timedelta(days=1)
                                           <= monday + timedelta(days=6))
    sams = _ids(_get(client, f"/staff/?worker={made['sam']}"))
    assert sams == made["upcoming"][1::2]
    html = _get(client, f"/staff/?show=late&worker={made['sam']}")
    assert _ids(html) == [] and "No conferences in this list." in html


def test_without_a_report_timescale_no_report_is_late(app, client, use_council):
    use_council("westminster")  # its leaflet says only "before Conference"
    made = _council(app, upcoming=2)
    staff_sign_in(client, MANAGER)
    html = _get(client, "/staff/?show=late")
    assert _ids(html) == []  # tomorrow's unshared report is not late by a made-up default
    assert "A report without a timescale is never listed here as late." in html
    upcoming = _get(client, "/staff/")
    assert made["late"] in _ids(upcoming)
    assert "A report without a timescale" not in upcoming
    assert "Overdue" not in upcoming and "share by" not in upcoming


def test_a_social_worker_sees_only_their_own_and_no_worker_choice(app, client):
    made = _council(app, upcoming=3)
    staff_sign_in(client, "sam@example.org")
    html = _get(client, f"/staff/?worker={made['priya']}")
    assert _ids(html) == made["upcoming"][1::2]
    assert 'name="worker"' not in html


def test_unknown_lists_and_workers_say_so(app, client):
    made = _council(app, upcoming=1)
    staff_sign_in(client, MANAGER)
    html = _get(client, "/staff/?show=<script>")
    assert "There is no such list. Showing upcoming conferences." in html
    assert "<script>" not in html
    assert _ids(html) == [made["late"], *made["upcoming"]]
    html = _get(client, "/staff/?worker=999999")
    assert "There is no such social worker. Showing everyone&#39;s." in html
    assert _ids(_get(client, "/staff/?worker=abc&page=xyz")) == [made["late"],
                                                                   *made["upcoming"]]


def test_pages_of_fifty(app, client):
    made = _council(app, upcoming=119)
    staff_sign_in(client, MANAGER)
    first = _get(client, "/staff/")
    assert "1 to 50 of 120." in first and "Page 1 of 3" in first
    assert 'href="/staff/?page=2"' in first and "Previous page" not in first
    every = _ids(first) + _ids(_get(client, "/staff/?page=2")) + _ids(
        _get(client, "/staff/?page=3"))
    assert every == [made["late"], *sorted(made["upcoming"], key=lambda i: _day(app, i))]
    last = _get(client, "/staff/?page=99")  # past the end: the last page
    assert "101 to 120 of 120." in last and "Next page" not in last


def _day(app, conference_id):
    from portal.models import Conference

    return in_db(app, lambda db: (db.get(Conference, conference_id).starts_on, conference_id))


def _statements(app, client, url: str) -> Statements:
    client.get(url)  # warm: the first request loads what every request needs once
    with Statements(app) as seen:
        assert client.get(url).status_code == 200
    assert not seen.in_templates, seen.report()
    return seen


def test_the_dashboard_costs_the_same_for_3_conferences_as_for_120(app, client):
    _council(app, upcoming=2)
    staff_sign_in(client, MANAGER)
    few = {url: len(_statements(app, client, url).run)
           for url in ("/staff/", "/staff/?show=late", "/staff/?show=requests")}
    in_db(app, lambda db: [_family(db, make_conference(db, days_ahead=40), 1000 + n)
                           for n in range(118)])
    many = {url: _statements(app, client, url) for url in few}
    assert {url: len(seen.run) for url, seen in many.items()} == few, "\n".join(
        seen.report() for seen in many.values())
    assert few["/staff/"] <= 12, many["/staff/"].report()
