"""The whole report journey in Chromium: a social worker signs in, creates a conference,
invites a parent, writes and shares the report; the parent signs in on a phone, comments
on every section and sends; the social worker reads the comments and prints "The
family's views", and the PDF Chromium makes holds the parent's words. Each step waits
for the next page by its heading or address before reading it."""

import io
import re
import unicodedata
from datetime import date, timedelta
from urllib.parse import urlparse

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.conftest import STAFF_PASSWORD, make_staff
from tests.functional.parent_helpers import in_db

SECTION_TEXTS = [
    "[fact] Amani is 7 and goes to Park School.",
    "[allegation, second-hand: school] A neighbour reported shouting at night.",
    "- [observation] The home was warm and tidy.\n- Amani is doing well at reading.",
    "1. Weekly visits\n2. A parenting course",
    "[opinion] A child protection plan for neglect.",
]
COMMENTS = [
    ("I agree", "Yes, Park School since September."),
    ("I disagree", "There was no shouting. The neighbour has a grudge."),
    ("I agree", "We work hard to keep the home nice."),
    ("I partly agree", "Weekly visits are too many with my job."),
    ("I disagree", "We do not need a plan."),
]


def _staff_sign_in(page, base, email):
    page.goto(base + "/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Your conferences")


def test_report_journey(app, live_server, desktop, phone):
    email = in_db(app, lambda db: make_staff(db, name="Sam Okafor").email)
    staff, base = desktop, live_server
    _staff_sign_in(staff, base, email)

    # A conference in three weeks, initial.
    staff.goto(base + "/staff/conferences/new")
    staff.get_by_label("Initial conference").check()
    day = date.today() + timedelta(days=21)
    staff.locator("input[name=starts_on]").fill(day.isoformat())
    staff.locator("input[name=starts_at]").fill("10:00")
    staff.locator("input[name=place]").fill("Room 2, Family Centre")
    staff.locator("input[name=chair_name]").fill("Ruth Adeyemi")
    staff.locator("main button[type=submit]").first.click()
    expect(staff).to_have_url(re.compile(r"/staff/conferences/\d+$"))
    match = re.search(r"/staff/conferences/(\d+)$", staff.url)
    conference = f"{base}/staff/conferences/{match.group(1)}"

    # Invite a parent; the letter shows the link and the code once.
    staff.goto(conference + "/invite")
    staff.locator("input[name=name]").fill("Dana Whitfield")
    staff.locator("input[name=email]").fill("dana@example.org")
    staff.locator("main button[type=submit]").first.click()
    expect(staff.locator("h1")).to_have_text("Invitation letter for Dana Whitfield")
    link = staff.locator(".letter-link").inner_text().strip()
    code = staff.locator(".letter-code").inner_text().strip()
    link_path = urlparse(link).path

    # Write every section, then share.
    staff.goto(conference)
    staff.get_by_role("link", name="Write and share the report").click()
    staff.get_by_role("button", name="Start the report").click()
    expect(staff.locator(".report-section").first).to_be_visible()
    for text in SECTION_TEXTS:
        change = (
            staff.locator(".report-section")
            .filter(has=staff.locator(".muted", has_text="Nothing written"))
            .first.get_by_role("link", name=re.compile("^Change"))
        )
        change.click()
        expect(staff.locator("h1")).to_have_text("Change a section of the report")
        staff.locator("textarea[name=body]").fill(text)
        staff.get_by_role("button", name="Save").click()
        expect(staff.locator("h1")).to_contain_text("Report for the conference on")
    assert staff.locator(".statement-label").all_inner_texts()[:3] == [
        "Fact",
        "Allegation",
        "Second-hand, from: school",
    ]
    staff.get_by_role("button", name="Share the report with the family").click()
    # Westminster's leaflet gives no report timescale, so the report is simply "Shared".
    expect(staff.locator(".report-shared")).to_have_text("Shared")

    # The parent, on a phone: link, code, the report section by section, send.
    parent = phone
    parent.goto(base + link_path)
    parent.get_by_label("Access code or passphrase").fill(code)
    parent.get_by_role("button", name="Sign in").click()
    expect(parent.locator("h1")).to_have_text("Your tasks")
    parent.get_by_role("link", name="Read the social worker's report").click()
    expect(parent.locator("h1")).to_have_text("Read the social worker's report")
    expect(parent.locator("main")).to_contain_text("Allegation")  # the key explains it
    parent.get_by_role("link", name="Start reading").click()
    for number, (choice, comment) in enumerate(COMMENTS, start=1):
        expect(parent).to_have_url(re.compile(r"/report/\d+$"))
        expect(parent.locator("main")).to_contain_text(f"{number} of {len(COMMENTS)}")
        labels = parent.locator(".statement-label").all_inner_texts()
        if "school" in " ".join(labels):
            assert labels == ["Allegation", "Second-hand, from: school"]
        parent.get_by_label(choice, exact=True).check()
        parent.get_by_label("Your comment").fill(comment)
        assert parent.evaluate("document.documentElement.scrollWidth") <= 360
        parent.get_by_role("button", name="Continue").click()
    expect(parent.locator("h1")).to_have_text("Anything else about the report")
    parent.get_by_label("Is there anything else you want to say about the report?").fill(
        "Please read my views before the meeting."
    )
    parent.get_by_role("button", name="Continue").click()
    expect(parent.locator("h1")).to_have_text("Your tasks")
    parent.get_by_role("link", name="Check your answers").click()
    expect(parent.locator("h1")).to_have_text("Check your answers")
    expect(parent.locator("main")).to_contain_text("There was no shouting.")
    parent.get_by_role("button", name="Continue").click()
    expect(parent.locator("h1")).to_have_text("Send your answers")
    parent.locator("main button[type=submit]").first.click()
    expect(parent.locator("h1")).to_have_text("Your answers have been sent")

    # The social worker reads the comments and prints the family's views.
    staff.goto(conference)
    staff.get_by_role("link", name="Read what the family sent").click()
    expect(staff.locator("h1")).to_have_text("What the family sent")
    staff.get_by_role("link", name="Read Dana Whitfield's views").click()
    expect(staff.locator("h1")).to_have_text("Dana Whitfield's views")
    main = staff.locator("main").inner_text()
    assert "There was no shouting. The neighbour has a grudge." in main
    assert "I partly agree" in main
    staff.get_by_role("link", name="Print the latest version for the chair").click()
    expect(staff.locator("h1")).to_have_text("The family's views")
    assert staff.locator("nav").count() == 0
    staff.emulate_media(media="print")
    pdf = staff.pdf(format="A4", print_background=False)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(unicodedata.normalize("NFKC", text).split())  # "ﬁ" ligatures
    assert re.search(r"\b1 / \d+\b", flat), "no page numbers"
    assert "The family's views" in flat or "The family’s views" in flat
    assert "Dana Whitfield" in flat
    assert "There was no shouting. The neighbour has a grudge." in flat
    assert "Please read my views before the meeting." in flat
    assert "What we are worried about" in flat
    assert "Leave this site" not in flat and "Sign out" not in flat

    # Dana can see that Sam read and printed her views.
    parent.goto(base + "/readers")
    expect(parent.locator("h1")).to_have_text("Who has read your views")
    rows = parent.locator("tbody tr").all_inner_texts()
    assert len(rows) >= 2 and all("Sam Okafor" in r for r in rows)
