"""A parent on a phone: link and code, every available task, send, passphrase,
sign out, back in with the passphrase, change one answer, send again. Both
versions are in the database exactly as typed, in several scripts and emoji.

Every step waits for the next page as a person would, by its address or its heading
(Playwright's expect retries until it holds), before reading anything on it."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from portal import questions
from portal.models import Submission
from tests.functional.parent_helpers import in_db, make_parents

FIRST = {
    "risks.report": "ኣብ ገለ ክፋል ናይቲ ጸብጻብ ይሰማማዕ እየ። 🙏",
    "risks.change": "نحتاج إلى سكن أفضل وهدوء في البيت",
    "strengths.family": "我们全家很相爱 ❤️",
    "strengths.parent": "I cook every night 🍲\nWe read together.",
    "support.people": "My sister Ruth",
    "next.after": "Help with housing, please.",
    "other.anything": "👨‍👩‍👧 ትግርኛ العربية 中文",
}
CHANGED = "我们全家很相爱，也很坚强 💪"
PASSPHRASE = "ሰማያዊ kettle Sunday"


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def _heading(page, text: str) -> None:
    expect(page.locator("h1")).to_have_text(text)


def test_parent_journey_on_a_phone(app, live_server, phone):
    ((invitation_id, token, code),) = make_parents(app)
    page = phone

    page.goto(f"{live_server}/i/{token}")
    expect(page).to_have_url(re.compile(r"/sign-in$"))  # the token has left the address bar
    page.get_by_label("Access code or passphrase").fill(f"{code[:4]} {code[4:]}")
    page.get_by_role("button", name="Sign in").click()
    _heading(page, "Your tasks")
    _fits(page)

    page.get_by_role("link", name="About your conference").click()
    _heading(page, "About your conference")
    expect(page.locator("main")).to_contain_text("cannot take your child into care")
    _fits(page)
    page.get_by_role("button", name="Continue").click()
    _heading(page, "Your tasks")

    page.get_by_role("link", name="Risks and concerns").click()
    for number, views_page in enumerate(questions.PAGES):  # the views pages follow each other
        _heading(page, str(views_page.title))
        for field in page.locator("textarea").all():
            name = field.get_attribute("name")
            if name in FIRST:
                field.fill(FIRST[name])
        _fits(page)
        page.get_by_role("button", name="Continue").click()
        if number + 1 < len(questions.PAGES):
            expect(page).to_have_url(re.compile(f"/views/{questions.PAGES[number + 1].slug}$"))
    _heading(page, "Your tasks")

    page.get_by_role("link", name="What you need for the conference").click()
    _heading(page, "What you need for the conference")
    page.get_by_role("button", name="I do not need anything").click()
    _heading(page, "Your tasks")
    statuses = page.locator(".task .tag").all_inner_texts()
    assert statuses.count("Completed") == 2 + len(questions.PAGES)  # about, views, what you need
    # The report is not shared in this conference, so it cannot be started.
    assert "Cannot start yet" in statuses

    page.get_by_role("link", name="Check your answers").click()
    _heading(page, "Check your answers")
    for text in FIRST.values():
        assert page.get_by_text(text.split("\n")[0], exact=False).count() >= 1
    _fits(page)
    page.get_by_role("button", name="Continue").click()
    _heading(page, "Send your answers")
    page.get_by_role("button", name="Send", exact=True).dblclick()  # a double click sends once
    _heading(page, "Your answers have been sent")
    expect(page).to_have_url(re.compile(r"/sent/[^/]+$"))
    first_reference = page.url.rsplit("/", 1)[1]
    expect(page.locator("main")).to_contain_text(first_reference)

    page.get_by_role("link", name="Passphrase").click()
    _heading(page, "Set a passphrase")
    page.get_by_label("New passphrase").fill(PASSPHRASE)
    page.get_by_label("Type your passphrase again").fill(PASSPHRASE)
    page.get_by_role("button", name="Save passphrase").click()
    _heading(page, "Your tasks")
    page.get_by_role("button", name="Sign out").click()
    _heading(page, "You have signed out")
    page.goto(f"{live_server}/tasks")
    expect(page).to_have_url(re.compile(r"/sign-in$"))

    page.goto(f"{live_server}/i/{token}")
    page.get_by_label("Access code or passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Sign in").click()
    _heading(page, "Your tasks")

    page.get_by_role("link", name="Check your answers").click()
    _heading(page, "Check your answers")
    page.locator("a[href*='strengths.family']").click()
    page.locator("textarea[name='strengths.family']").fill(CHANGED)
    page.get_by_role("button", name="Continue").click()
    _heading(page, "Check your answers")
    expect(page.locator("main")).to_contain_text(CHANGED)
    page.get_by_role("button", name="Continue").click()
    _heading(page, "Send your answers")
    page.get_by_role("button", name="Send", exact=True).click()
    _heading(page, "Your answers have been sent")
    expect(page.locator("main")).to_contain_text("latest version")

    def versions(db):
        return [
            (s.number, s.content)
            for s in db.scalars(
                select(Submission)
                .where(Submission.invitation_id == invitation_id)
                .order_by(Submission.number)
            )
        ]

    stored = in_db(app, versions)
    assert [number for number, _content in stored] == [1, 2]
    assert stored[0][1]["answers"] == FIRST
    assert stored[1][1]["answers"] == {**FIRST, "strengths.family": CHANGED}


def test_timeout_warning_lets_the_parent_stay_signed_in(app, live_server, phone):
    ((_invitation_id, token, code),) = make_parents(app)
    page = phone
    page.clock.install()
    page.goto(f"{live_server}/i/{token}")
    page.get_by_label("Access code or passphrase").fill(code)
    page.get_by_role("button", name="Sign in").click()
    _heading(page, "Your tasks")
    dialog = page.locator("#timeout-warning")
    assert not dialog.is_visible()
    page.clock.run_for(18 * 60 * 1000 + 1000)  # two minutes before the 20-minute limit
    assert dialog.is_visible()
    with page.expect_response("**/keep-alive") as answer:
        page.get_by_role("button", name="Stay signed in").click()
    assert answer.value.status == 204
    page.wait_for_function("!document.getElementById('timeout-warning').open")
    page.clock.run_for(21 * 60 * 1000)  # no answer this time: the page goes to "signed out"
    expect(page).to_have_url(re.compile(r"/signed-out\?reason=timeout$"))
    _heading(page, "You were signed out")
    expect(page.locator("main")).to_contain_text("Your answers up to your last Continue are saved")
