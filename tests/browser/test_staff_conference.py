"""A social worker in Chromium: sign in, add a conference, a child and a parent; the
letter shows the link, the code and a QR code, and prints without the navigation.
Then, in a separate browser context, the parent signs in with that link and code."""

import re
from datetime import date, timedelta
from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.conftest import STAFF_PASSWORD, make_staff
from tests.functional.parent_helpers import in_db


def test_social_worker_invites_a_parent_who_signs_in(app, live_server, browser, desktop):
    email = in_db(app, lambda db: make_staff(db, name="Sam Okafor").email)
    page, base = desktop, live_server

    page.goto(base + "/staff/")
    expect(page.locator("h1")).to_have_text("Sign in to the staff pages")  # signed out
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".error-summary")).to_contain_text(
        "The email address or password is not right")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Your conferences")

    page.get_by_role("link", name="Add a conference").first.click()
    expect(page.locator("h1")).to_have_text("Add a conference")
    page.get_by_label("Review conference").check()
    page.get_by_label("Date").fill((date.today() + timedelta(days=30)).isoformat())
    page.get_by_label("Start time").fill("14:30")
    page.get_by_label("Place").fill("Meeting Room B, Civic Centre")
    page.get_by_label("Chair's name").fill("Martin Hughes")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/staff/conferences/\d+$"))
    expect(page.locator("h1")).to_contain_text("Conference on")
    conference_url = page.url

    page.get_by_role("link", name="Add a child").click()
    expect(page.locator("h1")).to_have_text("Add a child")
    page.get_by_label("Child's first name").fill("Maya")
    page.get_by_label("Age in years").fill("4")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(conference_url)
    expect(page.locator("main")).to_contain_text("Maya, 4 years old")

    page.get_by_role("link", name="Invite a parent or carer").click()
    expect(page.locator("h1")).to_have_text("Invite a parent or carer")
    page.get_by_label("Full name of the parent or carer").fill("Chloe Barnes")
    page.get_by_label("Mobile phone number").fill("07700 900 982")
    page.get_by_role("button", name="Create the invitation").click()
    expect(page.locator("h1")).to_have_text("Invitation letter for Chloe Barnes")
    link = page.locator(".letter-link").inner_text().strip()
    code = page.locator(".letter-code").inner_text().strip()
    assert len(code.replace(" ", "")) == 8
    assert page.locator(".letter svg").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".staff-nav").is_visible()
    assert page.locator(".letter-code").is_visible()
    page.emulate_media(media="screen")

    # The parent, on their own device.
    parent_context = browser.new_context()
    parent_context.set_default_timeout(10_000)
    parent = parent_context.new_page()
    try:
        parent.goto(base + urlparse(link).path)
        expect(parent).to_have_url(re.compile(r"/sign-in$"))
        parent.get_by_label("Access code or passphrase").fill(code)
        parent.get_by_role("button", name="Sign in").click()
        expect(parent.locator("h1")).to_have_text("Your tasks")
    finally:
        parent_context.close()

    # The social worker sees that the invitation was opened.
    page.goto(base + "/staff/")
    expect(page.locator("h1")).to_have_text("Your conferences")
    assert "1 of 1" in page.locator("tbody tr").first.inner_text()
