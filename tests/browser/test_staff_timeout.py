"""Staff in Chromium with Playwright's clock: two minutes before the idle limit the
warning opens, and "Stay signed in" keeps the session (WCAG 2.2.1)."""


from playwright.sync_api import expect

from tests.conftest import STAFF_PASSWORD, make_staff
from tests.functional.parent_helpers import in_db


def test_timeout_warning_lets_staff_stay_signed_in(app, live_server, desktop):
    email = in_db(app, lambda db: make_staff(db, name="Sam Okafor").email)
    page, base = desktop, live_server
    page.clock.install()
    page.goto(base + "/staff/account")
    expect(page.locator("h1")).to_have_text("Sign in to the staff pages")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Your account")
    dialog = page.locator("#timeout-warning")
    assert not dialog.is_visible()
    page.clock.run_for(58 * 60 * 1000 + 1000)  # two minutes before the 60-minute limit
    assert dialog.is_visible()
    assert "You will be signed out soon" in dialog.inner_text()
    with page.expect_response("**/staff/keep-alive") as answer:
        page.get_by_role("button", name="Stay signed in").click()
    assert answer.value.status == 204
    page.wait_for_function("!document.getElementById('timeout-warning').open")
    # The warning comes back only after another 58 minutes: the clock started again.
    page.clock.run_for(57 * 60 * 1000)
    assert not dialog.is_visible()
    page.clock.run_for(2 * 60 * 1000)
    assert dialog.is_visible()
    # Unanswered, the page posts the sign-out when the time is up; the server's own
    # clock has not run out (it is real time), so it says "still signed in" and comes back.
    with page.expect_request(lambda r: r.url.endswith("/staff/sign-out") and r.method == "POST"):
        page.clock.run_for(2 * 60 * 1000)
    expect(page).to_have_url(base + "/staff/account")
    expect(page.locator("h1")).to_have_text("Your account")
