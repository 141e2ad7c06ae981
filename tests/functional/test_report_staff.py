"""The social worker's report pages: start, write, label, share, versions, deadline state,
bad input, and who may see them."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal import reports
from portal.keydates import report_due
from portal.models import Conference, Invitation, Report, ReportSection, ReportVersion
from portal.models._types import utcnow
from portal.models.staff import Role
from portal.profiles import load_profile
from tests.conftest import check_page, csrf_token, make_conference, make_staff
from tests.functional.parent_helpers import in_db
from tests.functional.report_helpers import make_family, staff_sign_in


def _url(conference_id, rest=""):
    return f"/staff/conferences/{conference_id}/report{rest}"


def _post(client, page_url, url, data):
    token = csrf_token(client.get(page_url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


@pytest.fixture(autouse=True)
def _a_council_with_a_report_timescale(use_council):
    """Lateness needs a timescale: Bexley's reports "two days" before an initial conference
    (Westminster, the test app's council, gives none)."""
    use_council("bexley")


@pytest.fixture
def worker(app):
    def build(db):
        user = make_staff(db, name="Sam Okafor")
        conference = make_conference(db, social_worker=user, days_ahead=20)
        db.commit()
        return user.email, conference.id

    return in_db(app, build)


def test_start_write_and_share(app, client, worker):
    email, conference_id = worker
    staff_sign_in(client, email)
    html = client.get(_url(conference_id)).get_data(as_text=True)
    soup = check_page(html)
    assert "Start the report" in html
    assert soup.select_one(".report-draft").get_text() == "Draft"

    response = _post(client, _url(conference_id), _url(conference_id, "/start"), {})
    assert response.status_code == 302
    soup = check_page(client.get(_url(conference_id)).get_data(as_text=True))
    headings = [h.get_text() for h in soup.select(".report-section h3")]
    assert headings == [
        "About the family",
        "What we are worried about",
        "What is going well",
        "What needs to happen",
        "The social worker's recommendation",
    ]
    # Sharing an empty report is refused, with a message on the same page.
    response = _post(client, _url(conference_id), _url(conference_id, "/share"), {})
    assert "Write at least one section" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )

    section_id = in_db(
        app,
        lambda db: db.scalars(select(ReportSection.id).order_by(ReportSection.position)).first(),
    )
    edit = _url(conference_id, f"/sections/{section_id}")
    page = client.get(edit).get_data(as_text=True)
    check_page(page)
    assert "[allegation, second-hand: neighbour]" in page  # the syntax is explained
    response = client.post(
        edit,
        data={
            "csrf_token": csrf_token(page),
            "heading": "About the family",
            "body": "[fact] Amani is 7.\n\n[allegation, second-hand: school] Shouting at night.",
            "revision": "0",
        },
    )
    assert response.status_code == 302
    soup = check_page(client.get(_url(conference_id)).get_data(as_text=True))
    assert [s.get_text() for s in soup.select(".statement-label")] == [
        "Fact",
        "Allegation",
        "Second-hand, from: school",
    ]
    response = _post(client, _url(conference_id), _url(conference_id, "/share"), {})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    soup = check_page(html)
    assert "is shared with the family (version 1)" in html
    assert soup.select_one(".report-shared_on_time").get_text() == "Shared on time"
    assert "Version 1" in html


def test_an_edit_after_sharing_makes_a_new_version_and_old_ones_stay_readable(app, client):
    family = make_family(app)
    staff_sign_in(client, family.social_worker_email)
    cid = family.conference_id
    edit = _url(cid, f"/sections/{family.section_ids[0]}")
    page = client.get(edit).get_data(as_text=True)
    assert "The family already has this report" in page
    response = client.post(
        edit,
        data={
            "csrf_token": csrf_token(page),
            "heading": "About the family",
            "body": "Rewritten.",
            "revision": "1",
        },
    )
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "given version 2" in html
    old = client.get(_url(cid, "/versions/1")).get_data(as_text=True)
    check_page(old)
    assert "Amani is 7 and goes to Park School" in old and "earlier version" in old
    new = client.get(_url(cid, "/versions/2")).get_data(as_text=True)
    assert "Rewritten." in new
    assert client.get(_url(cid, "/versions/3")).status_code == 404

    def stored(db):
        first = db.scalar(select(ReportVersion).where(ReportVersion.number == 1))
        return first.content["sections"][0]["body"]

    assert in_db(app, stored).startswith("[fact] Amani is 7")

    # Saving the same text again makes no new version.
    page = client.get(edit).get_data(as_text=True)
    client.post(
        edit,
        data={
            "csrf_token": csrf_token(page),
            "heading": "About the family",
            "body": "Rewritten.",
            "revision": "2",
        },
    )
    assert in_db(app, lambda db: len(db.scalars(select(ReportVersion)).all())) == 2


def test_add_and_remove_sections(app, client):
    family = make_family(app)
    staff_sign_in(client, family.social_worker_email)
    cid = family.conference_id
    new = _url(cid, "/sections/new")
    page = client.get(new).get_data(as_text=True)
    check_page(page)
    response = client.post(
        new,
        data={
            "csrf_token": csrf_token(page),
            "heading": "Health",
            "body": "[observation] Amani is well.",
            "revision": "",
        },
    )
    assert response.status_code == 302
    response = _post(client, _url(cid), _url(cid, f"/sections/{family.section_ids[4]}/remove"), {})
    assert response.status_code == 302
    html = client.get(_url(cid)).get_data(as_text=True)
    assert "version 3" in html.lower() or "Version 3" in html

    def headings(db):
        latest = db.scalar(select(ReportVersion).order_by(ReportVersion.number.desc()))
        return [s["heading"] for s in latest.content["sections"]]

    assert in_db(app, headings)[-1] == "Health"
    assert "The social worker's recommendation" not in in_db(app, headings)


def test_bad_input_is_explained_and_nothing_saved_is_lost(app, client):
    family = make_family(app, share=False)
    staff_sign_in(client, family.social_worker_email)
    cid = family.conference_id
    edit = _url(cid, f"/sections/{family.section_ids[1]}")
    cases = [
        ({"heading": "", "body": "x"}, "Enter a heading"),
        ({"heading": "h" * 201, "body": "x"}, "200 characters or fewer"),
        ({"heading": "ok", "body": "y" * 20_001}, "20,000 characters or fewer"),
        ({"heading": "ok", "body": "fine\n[alegation] typo"}, "Line 2 starts with [alegation]"),
        ({"heading": "ok", "body": "bad\x07bell"}, "hidden control characters"),
    ]
    for data, message in cases:
        page = client.get(edit).get_data(as_text=True)
        response = client.post(edit, data={"csrf_token": csrf_token(page), "revision": "1", **data})
        assert response.status_code == 200, message
        html = response.get_data(as_text=True)
        soup = check_page(html)
        assert soup.title.get_text().startswith("Error:")
        assert message in html
    body = in_db(app, lambda db: db.get(ReportSection, family.section_ids[1]).body)
    assert body.startswith("[allegation, second-hand: school]")


def test_someone_elses_save_is_not_overwritten_silently(app, client):
    family = make_family(app, share=False)
    staff_sign_in(client, family.social_worker_email)
    cid = family.conference_id
    edit = _url(cid, f"/sections/{family.section_ids[2]}")
    page = client.get(edit).get_data(as_text=True)

    def other_save(db):
        report = db.scalar(select(Report))
        section = reports.section(report, family.section_ids[2])
        reports.save_section(report, section, section.heading, "Their newer text")

    in_db(app, other_save)
    response = client.post(
        edit,
        data={
            "csrf_token": csrf_token(page),
            "heading": "What is going well",
            "body": "My text",
            "revision": "1",
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Someone else saved this section" in html
    assert "My text" in html and "Their newer text" in html
    assert 'name="revision" type="hidden" value="2"' in html
    assert (
        in_db(app, lambda db: db.get(ReportSection, family.section_ids[2]).body)
        == "Their newer text"
    )
    # Saving again on purpose replaces theirs.
    response = client.post(
        edit,
        data={
            "csrf_token": csrf_token(html),
            "heading": "What is going well",
            "body": "My text",
            "revision": "2",
        },
    )
    assert response.status_code == 302
    assert in_db(app, lambda db: db.get(ReportSection, family.section_ids[2]).body) == "My text"


def test_stale_form_keeps_the_text(app, client):
    family = make_family(app, share=False)
    staff_sign_in(client, family.social_worker_email)
    edit = _url(family.conference_id, f"/sections/{family.section_ids[0]}")
    response = client.post(
        edit,
        data={
            "csrf_token": "old",
            "heading": "About the family",
            "body": "Typed before the token went stale",
            "revision": "1",
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    check_page(html)
    assert "Typed before the token went stale" in html
    assert in_db(app, lambda db: db.get(ReportSection, family.section_ids[0]).body).startswith(
        "[fact]"
    )


def test_sections_of_another_report_unknown_ids_and_other_peoples_conferences(app, client):
    mine = make_family(app)
    other = make_family(app, names=("Chloe Barnes",))
    staff_sign_in(client, mine.social_worker_email)
    cid = mine.conference_id
    assert client.get(_url(cid, f"/sections/{other.section_ids[0]}")).status_code == 404
    assert client.get(_url(cid, "/sections/999999")).status_code == 404
    assert client.get(_url(other.conference_id)).status_code == 404
    assert client.get(_url(999999)).status_code == 404
    assert client.get(_url(other.conference_id, "/versions/1")).status_code == 404
    page = client.get(_url(cid)).get_data(as_text=True)
    response = client.post(
        _url(other.conference_id, "/share"), data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 404
    response = client.post(
        _url(cid, f"/sections/{other.section_ids[0]}/remove"), data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 404
    assert in_db(app, lambda db: len(db.scalars(select(ReportSection)).all())) == 10


@pytest.mark.parametrize("role", [Role.INTERPRETER, Role.ADMIN])
def test_interpreters_and_administrators_see_no_report(app, client, role):
    family = make_family(app)
    email = in_db(app, lambda db: make_staff(db, role=role).email)
    staff_sign_in(client, email)
    assert client.get(_url(family.conference_id)).status_code == 404
    assert client.get(_url(family.conference_id, "/versions/1")).status_code == 404


def test_manager_sees_every_conference_report(app, client):
    family = make_family(app)
    email = in_db(app, lambda db: make_staff(db, role=Role.MANAGER).email)
    staff_sign_in(client, email)
    html = client.get(_url(family.conference_id)).get_data(as_text=True)
    check_page(html)
    assert "Shared on time" in html


def test_first_opened_by_each_parent_is_shown(app, client):
    family = make_family(app)

    def opened(db):
        db.get(Invitation, family.parents[0][0]).report_first_opened_at = utcnow()

    in_db(app, opened)
    staff_sign_in(client, family.social_worker_email)
    html = client.get(_url(family.conference_id)).get_data(as_text=True)
    assert "Dana Whitfield first opened the report on" in html
    assert "Tesfay Gebremedhin has not opened the report yet" in html


def test_overdue_and_late_states(app, client):
    # Starts in 1 day: the deadline two days before has passed.
    family = make_family(app, share=False, days_ahead=1)
    staff_sign_in(client, family.social_worker_email)
    html = client.get(_url(family.conference_id)).get_data(as_text=True)
    assert "Not shared and overdue" in html
    response = _post(client, _url(family.conference_id), _url(family.conference_id, "/share"), {})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Shared late" in html

    def state(db):
        conference = db.get(Conference, family.conference_id)
        status = reports.report_status(conference)
        return status.key, str(status.label)

    with app.test_request_context():
        assert in_db(app, state) == ("shared_late", "Shared late")


def test_dashboard_shows_the_report_state(app, client):
    family = make_family(app)
    staff_sign_in(client, family.social_worker_email)
    html = client.get("/staff/").get_data(as_text=True)
    assert "Shared on time (" in html
    late = make_family(app, share=False, days_ahead=30)
    staff_sign_in(client, late.social_worker_email)
    html = client.get("/staff/").get_data(as_text=True)
    deadline = report_due(
        "initial", date.today() + timedelta(days=30), load_profile("bexley").timescales
    )
    assert f"Draft: share by {deadline.strftime('%A')} {deadline.day} " in html


def test_without_a_report_timescale_nothing_is_late(app, client, use_council):
    use_council("westminster")  # its leaflet says "before Conference", with no number
    family = make_family(app, share=False, days_ahead=1)
    staff_sign_in(client, family.social_worker_email)
    html = client.get(_url(family.conference_id)).get_data(as_text=True)
    soup = check_page(html)
    assert soup.select_one(".report-draft").get_text() == "Draft"
    assert "The council's profile gives no timescale. Share it as early as you can." in html
    assert "overdue" not in html
    response = _post(client, _url(family.conference_id), _url(family.conference_id, "/share"), {})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert check_page(html).select_one(".report-shared").get_text() == "Shared"
    assert "late" not in html.lower().replace("template", "")
