"""Reading what the family sent: latest views and report comments per parent, earlier
versions with a readable diff, the print view for the chair, and the audit trail."""

import pytest
from sqlalchemy import select

from portal.models import AuditEvent
from portal.models.staff import Role
from portal.staff.review import word_diff
from tests.conftest import check_page, make_staff
from tests.functional.parent_helpers import in_db, post_form, sign_in
from tests.functional.report_helpers import make_family, staff_sign_in

DANA_RISKS = (
    "I do not agree that there is shouting.\n    We are quiet   at night. <script>alert(1)</script>"
)


def _send_as_parent(app, family, index, risks, comment, agreement="disagree"):
    parent = app.test_client()
    _id, token, code = family.parents[index]
    sign_in(parent, token, code)
    assert post_form(parent, "/views/risks", {"risks.report": risks}).status_code == 302
    response = post_form(
        parent, f"/report/{family.section_ids[1]}", {"agreement": agreement, "comment": comment}
    )
    assert response.status_code == 302
    assert post_form(parent, "/report/general", {"comment": "General words"}).status_code == 302
    assert post_form(parent, "/send", {}).status_code == 302
    return parent


@pytest.fixture
def family(app):
    family = make_family(app)
    _send_as_parent(app, family, 0, DANA_RISKS, "The school is wrong.")
    _send_as_parent(
        app,
        family,
        0,
        DANA_RISKS.replace("quiet", "calm"),
        "The school is wrong about us.",
        agreement="partly",
    )
    _send_as_parent(app, family, 1, "Tesfay's own words", "Tesfay's comment", agreement="agree")
    return family


def _base(family):
    return f"/staff/conferences/{family.conference_id}/family"


def test_family_list_and_latest_views_with_report_comments(app, client, family):
    staff_sign_in(client, family.social_worker_email)
    html = client.get(_base(family)).get_data(as_text=True)
    soup = check_page(html)
    assert "Dana Whitfield" in html and "2 versions, latest on" in html
    assert "Tesfay Gebremedhin" in html and "1 version, latest on" in html
    dana = family.parents[0][0]
    html = client.get(f"{_base(family)}/{dana}").get_data(as_text=True)
    soup = check_page(html)
    assert "Version 2, sent on" in html
    # The report comments, under the section's heading, with the choice in words.
    comments = soup.find("h2", string="Your comments on the report").find_next("dl")
    text = comments.get_text()
    assert "What we are worried about" in text and "added: partly agree" in text
    # Parents' words exactly as written: escaped, white space kept (no diff for unchanged).
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    # The other parent's words are not on this page.
    assert "Tesfay" not in soup.find("main").get_text()


def test_an_answer_diff_is_marked_with_ins_del_and_words(app, client, family):
    staff_sign_in(client, family.social_worker_email)
    dana = family.parents[0][0]
    soup = check_page(client.get(f"{_base(family)}/{dana}").get_data(as_text=True))
    changed = [row for row in soup.select(".summary-row") if row.select_one(".diff-tag")]
    labels = {row.select_one(".diff-tag").get_text() for row in changed}
    assert labels == {"Changed"}
    risks = soup.find("h3", string="Risks and concerns").find_next("dl")
    diff = risks.select_one(".diff")
    assert diff.find("del").get_text() == "removed: quiet"
    assert diff.find("ins").get_text() == "added: calm"
    # The earlier version is readable, and it is version 1 (nothing to compare).
    html = client.get(f"{_base(family)}/{dana}/versions/1").get_data(as_text=True)
    soup = check_page(html)
    assert "This is an earlier version" in html
    assert "The school is wrong." in html and not soup.select(".diff")
    assert client.get(f"{_base(family)}/{dana}/versions/9").status_code == 404


def test_word_diff_escapes_and_keeps_white_space():
    html = str(word_diff("a <b>  b\nc", "a <i>  b\nd"))
    assert "&lt;b&gt;" in html and "&lt;i&gt;" in html and "<b>" not in html
    assert "  b\n" in html
    assert html.count("<del>") == 2 and html.count("<ins>") == 2
    assert "</del> <ins>" in html  # a replaced word reads "removed: x added: y"
    assert str(word_diff("same", "same")) == "same"


def test_print_view_for_the_chair(app, client, family):
    staff_sign_in(client, family.social_worker_email)
    dana = family.parents[0][0]
    html = client.get(f"{_base(family)}/{dana}/print").get_data(as_text=True)
    soup = check_page(html)
    assert soup.h1.get_text() == "The family's views"
    assert soup.find("nav") is None
    headings = [h.get_text() for h in soup.select("main h3")]
    assert "Risks and concerns" in headings and "Strengths" in headings
    assert "We are calm   at night." in html
    assert "Dana Whitfield" in html and "Version 2" in html


def test_every_view_of_family_content_is_recorded(app, client, family):
    staff_sign_in(client, family.social_worker_email)
    dana, tesfay = family.parents[0][0], family.parents[1][0]
    client.get(_base(family))  # the list shows no content: not recorded
    client.get(f"{_base(family)}/{dana}")
    client.get(f"{_base(family)}/{dana}/versions/1")
    client.get(f"{_base(family)}/{dana}/print")
    client.get(f"{_base(family)}/{tesfay}")

    def events(db):
        rows = db.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        return [
            (e.staff.name, e.role, e.action, e.invitation_id, e.conference_id, e.at is not None)
            for e in rows
            if e.invitation_id
        ]

    recorded = in_db(app, events)
    cid = family.conference_id
    assert recorded == [
        ("Sam Okafor", "social_worker", "viewed_views", dana, cid, True),
        ("Sam Okafor", "social_worker", "viewed_views_version", dana, cid, True),
        ("Sam Okafor", "social_worker", "printed_views", dana, cid, True),
        ("Sam Okafor", "social_worker", "viewed_views", tesfay, cid, True),
    ]
    # Dana sees three reads of her views, Tesfay one.
    parent = app.test_client()
    sign_in(parent, family.parents[0][1], family.parents[0][2])
    soup = check_page(parent.get("/readers").get_data(as_text=True))
    rows = soup.select("tbody tr")
    assert len(rows) == 3
    assert all("Sam Okafor" in r.get_text() and "Social worker" in r.get_text() for r in rows)
    whats = [r.find_all("td")[2].get_text() for r in rows]  # newest first
    assert whats == [
        "Printed your views for the chair",
        "Read an earlier version of what you sent",
        "Read what you sent",
    ]


def test_a_manager_reads_and_is_recorded_as_manager(app, client, family):
    email = in_db(app, lambda db: make_staff(db, role=Role.MANAGER, name="Jo Ellis").email)
    staff_sign_in(client, email)
    assert client.get(f"{_base(family)}/{family.parents[0][0]}").status_code == 200
    roles = in_db(
        app,
        lambda db: db.scalars(
            select(AuditEvent.role).where(AuditEvent.action == "viewed_views")
        ).all(),
    )
    assert roles == ["manager"]


def test_others_cannot_read_and_nothing_is_recorded(app, client, family):
    other = make_family(app, names=("Chloe Barnes",))
    # A social worker of another conference, an interpreter and an administrator.
    for email in [
        other.social_worker_email,
        in_db(app, lambda db: make_staff(db, role=Role.INTERPRETER).email),
        in_db(app, lambda db: make_staff(db, role=Role.ADMIN).email),
    ]:
        c = app.test_client()
        staff_sign_in(c, email)
        for path in [
            "",
            f"/{family.parents[0][0]}",
            f"/{family.parents[0][0]}/print",
            f"/{family.parents[0][0]}/versions/1",
        ]:
            assert c.get(_base(family) + path).status_code == 404, (email, path)
    # The right social worker, but another conference's invitation id in the address.
    staff_sign_in(client, family.social_worker_email)
    chloe = other.parents[0][0]
    assert client.get(f"{_base(family)}/{chloe}").status_code == 404
    assert client.get(f"{_base(family)}/{chloe}/print").status_code == 404
    assert client.get(f"{_base(family)}/999999").status_code == 404
    actions = in_db(
        app,
        lambda db: db.scalars(
            select(AuditEvent.action).where(AuditEvent.invitation_id.is_not(None))
        ).all(),
    )
    assert actions == []


def test_nothing_sent_yet(app, client):
    family = make_family(app)
    staff_sign_in(client, family.social_worker_email)
    html = client.get(f"{_base(family)}/{family.parents[0][0]}").get_data(as_text=True)
    check_page(html)
    assert "has not sent anything yet" in html
    html = client.get(f"{_base(family)}/{family.parents[0][0]}/print").get_data(as_text=True)
    check_page(html)
    assert (
        in_db(
            app,
            lambda db: db.scalars(
                select(AuditEvent).where(AuditEvent.invitation_id.is_not(None))
            ).all(),
        )
        == []
    )


def test_ids_beyond_the_database_are_404(app, client):
    family = make_family(app)
    staff_sign_in(client, family.social_worker_email)
    huge = "99999999999999999999"
    for path in [f"/{huge}", f"/{family.parents[0][0]}/versions/{huge}", f"/{huge}/print"]:
        assert client.get(_base(family) + path).status_code == 404, path
    report = f"/staff/conferences/{family.conference_id}/report"
    assert client.get(f"{report}/versions/{huge}").status_code == 404
    assert client.get(f"{report}/sections/{huge}").status_code == 404
    parent = app.test_client()
    sign_in(parent, family.parents[0][1], family.parents[0][2])
    assert parent.get(f"/report/{huge}").status_code == 404
