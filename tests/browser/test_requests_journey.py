"""What a parent needs, end to end in Chromium: on a phone, a parent asks for an
interpreter in Tigrinya and childcare for two children and sends both at once; at a
desk, the social worker sees them on the dashboard, arranges one and declines the
other with a reason; the parent sees both outcomes on the task list."""

import re
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from portal.models import OutboxMessage, SupportRequest
from portal.models.requests import RequestKind, RequestState
from portal.timescales import add_working_days
from tests.conftest import STAFF_PASSWORD, make_conference, make_invitation, make_staff
from tests.functional.parent_helpers import in_db

REASON = "The crèche is closed that day. Could your sister help? Call me to talk about it."


def _world(app):
    def build(db):
        worker = make_staff(db, name="Sam Okafor", email="sam.okafor@example.org")
        # Two working days away: the dashboard marks open requests as urgent.
        conference = make_conference(db, social_worker=worker,
                                     starts_on=add_working_days(date.today(), 2))
        _invitation, token, code = make_invitation(db, conference, name="Tesfay Gebremedhin",
                                                   email="tesfay@example.net",
                                                   preferred_language="ti")
        return worker.email, conference.id, token, code

    return in_db(app, build)


def _parent_signs_in(page, base, token, code):
    page.goto(f"{base}/i/{token}")
    page.locator("input[name=secret]").fill(code)
    page.locator("main button[type=submit]").first.click()
    expect(page).to_have_url(f"{base}/tasks")  # in the parent's language: wait by address


def _staff_signs_in(page, base, email):
    page.goto(base + "/staff/sign-in")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(STAFF_PASSWORD)
    page.locator("main button[type=submit]").first.click()
    expect(page.locator("h1")).to_have_text("Your conferences")


def test_requests_journey(app, live_server, phone, desktop):
    base = live_server
    email, conference_id, token, code = _world(app)

    # The parent, on a phone.
    parent = phone
    _parent_signs_in(parent, base, token, code)
    # Tesfay's letter was in Tigrinya; on this phone he chooses English, as any page lets him.
    parent.goto(f"{base}/tasks?lang=en")
    expect(parent.get_by_role("link", name="What you need for the conference")).to_be_visible()
    parent.get_by_role("link", name="What you need for the conference").click()
    expect(parent).to_have_url(f"{base}/what-you-need")
    parent.get_by_role("link", name="An interpreter").click()
    expect(parent).to_have_url(f"{base}/what-you-need/ask/interpreter")
    language = parent.get_by_label("Which language do you need?")
    assert language.get_attribute("list") == "language-options"
    language.fill("Tigrinya")
    parent.get_by_label("Dialect or anything else").fill("Eritrean Tigrinya")
    parent.get_by_label("No", exact=True).check()
    parent.get_by_role("button", name="Send this request now").click()
    expect(parent).to_have_url(re.compile(r"/what-you-need/\d+$"))
    expect(parent.locator("main")).to_contain_text("Sent – waiting for a reply")

    parent.get_by_role("link", name="Back to what you need").click()
    expect(parent).to_have_url(f"{base}/what-you-need")
    parent.get_by_role("link", name="Childcare").click()
    expect(parent).to_have_url(f"{base}/what-you-need/ask/childcare")
    parent.get_by_label("How many children need looking after?").fill("2")
    parent.get_by_label("How old are they?").fill("3 and 6")
    parent.get_by_role("button", name="Send this request now").click()
    expect(parent).to_have_url(re.compile(r"/what-you-need/\d+$"))
    expect(parent.locator("main")).to_contain_text("Sent – waiting for a reply")
    assert parent.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll

    # The social worker, at a desk.
    staff = desktop
    _staff_signs_in(staff, base, email)
    staff.goto(base + "/staff/")
    expect(staff.locator("h1")).to_have_text("Your conferences")
    row = staff.locator("tr", has=staff.locator("a", has_text="2 open"))
    assert "Still open within 3 working days of the conference" in row.inner_text()
    row.get_by_role("link", name="2 open").click()
    expect(staff.locator("h1")).to_have_text("What the family asked for")
    listing = staff.locator("main").inner_text()
    assert "Tigrinya – ትግርኛ" in listing and "Number of children: 2" in listing
    assert "Tesfay Gebremedhin" in listing

    staff.get_by_role("link", name="An interpreter").click()
    expect(staff.locator("h1")).to_have_text(re.compile("interpreter", re.IGNORECASE))
    staff.get_by_label("Arranged").check()
    staff.get_by_label("Note for the parent").fill("Meron will interpret, in person.")
    staff.get_by_role("button", name="Save and tell the parent").click()
    expect(staff.locator("h1")).to_have_text("What the family asked for")

    staff.get_by_role("link", name="Childcare").click()
    expect(staff.locator("h1")).to_have_text(re.compile("childcare", re.IGNORECASE))
    staff.get_by_label("Declined").check()
    staff.get_by_role("button", name="Save and tell the parent").click()  # no reason yet
    expect(staff).to_have_title(re.compile("^Error:"))
    expect(staff.locator(".error-summary")).to_contain_text("Enter the reason")
    staff.get_by_label("Note for the parent").fill(REASON)
    staff.get_by_role("button", name="Save and tell the parent").click()
    expect(staff.locator("h1")).to_have_text("What the family asked for")
    listing = staff.locator("main").inner_text()
    assert "Arranged" in listing and "Declined" in listing
    staff.goto(base + "/staff/")
    assert staff.locator("a", has_text="2 open").count() == 0

    # The parent sees both outcomes, and the reason, on the task list.
    parent.goto(base + "/tasks")
    expect(parent).to_have_url(f"{base}/tasks")
    task = parent.locator(".task", has_text="What you need for the conference")
    text = task.inner_text()
    assert "An interpreter: Arranged" in text and "Meron will interpret" in text
    assert "Childcare: Not possible" in text and "The crèche is closed that day" in text

    def stored(db):
        requests = {r.kind: (r.state, r.details, r.staff_note)
                    for r in db.scalars(select(SupportRequest))}
        messages = [(m.event, m.to_address) for m in
                    db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
        return requests, messages

    requests, messages = in_db(app, stored)
    assert requests[RequestKind.INTERPRETER] == (
        RequestState.ARRANGED,
        {"language": "ti", "language_notes": "Eritrean Tigrinya", "translate_documents": "no"},
        "Meron will interpret, in person.")
    assert requests[RequestKind.CHILDCARE] == (
        RequestState.DECLINED, {"children": 2, "ages": "3 and 6"}, REASON)
    assert messages == [
        ("request_made", "sam.okafor@example.org"),
        ("request_made", "sam.okafor@example.org"),
        ("request_changed", "tesfay@example.net"),
        ("request_changed", "tesfay@example.net"),
    ]
