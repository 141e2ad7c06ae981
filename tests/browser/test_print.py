"""Printing (issue 6, "Print"; issue 3, "The family's views"): the family's views and the
key dates print cleanly on A4 and in black and white. Chromium emulates print media and
makes an A4 PDF; the test reads the PDF's text with pypdf and the computed print styles
of the page: no header, navigation, footer, skip link, "Leave this site" or buttons;
the parent's words and every key date are there; every page is numbered "n / N"; and
no text needs colour: every visible text is dark enough on white paper once in grey,
and changes and labels say what they are in words."""

import io
import re
import unicodedata

import pytest
from babel.dates import format_date
from playwright.sync_api import expect
from pypdf import PdfReader

from portal.keydates import key_dates
from tests.conftest import STAFF_PASSWORD
from tests.functional.parent_helpers import in_db, post_form, sign_in
from tests.functional.report_helpers import make_family

A4 = (595.28, 841.89)  # points
NEVER_PRINTED = [
    "Skip to main content",
    "Leave this site",
    "Sign out",
    "Your conferences",
    "Add a conference",
    "Your tasks",
    "Passphrase",
    "About conferences",
    "Who to call",
    "If you are unhappy",
    "Privacy",
    "Continue",
    "Save the date",
    "Give access",
    "Remove Amani",
    "Remove access for",
]
RISKS = "We are calm at night.\nThe neighbour has a grudge against us."
FIRST_WORDS = "We are quiet at night."

# Every element that shows text of its own, with its print colour, its background as
# printed and as on screen, and whether controls or page chrome are still shown.
PRINT_FACTS_JS = """() => {
  const shown = el => {
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden') return false;
    }
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  };
  const name = el => el.tagName.toLowerCase() + '.' + (el.className || '');
  const texts = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3)
      .map(n => n.textContent).join('').trim();
    if (!own || !shown(el)) continue;
    texts.push({tag: el.tagName.toLowerCase(), cls: el.className || '',
                text: own.slice(0, 60), color: getComputedStyle(el).color});
  }
  const chrome = [...document.querySelectorAll(
      'header, nav, footer, .skip-link, .leave-button, button, .button,' +
      ' input:not([type=hidden]), select, textarea')]
    .filter(shown).map(el => name(el) + ': ' + el.textContent.trim().slice(0, 40));
  const marks = [...document.querySelectorAll('ins, del')].filter(shown)
    .map(el => ({tag: el.tagName.toLowerCase(), text: el.textContent.trim()}));
  const wordless = [...document.querySelectorAll('.tag, .statement-label, .diff-tag')]
    .filter(shown).filter(el => !el.textContent.trim()).map(el => el.outerHTML.slice(0, 80));
  return {texts, chrome, marks, wordless};
}"""


def _channel(c):
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _grey_contrast_on_white(css_colour: str) -> float:
    """The contrast of a colour against white paper once printed in grey (relative
    luminance is the grey a colour prints as); a part-transparent colour over white."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", css_colour)]
    r, g, b = numbers[:3]
    alpha = numbers[3] if len(numbers) > 3 else 1.0
    r, g, b = (alpha * v + (1 - alpha) * 255 for v in (r, g, b))
    luminance = 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)
    return 1.05 / (luminance + 0.05)


def _print(page) -> tuple[list[str], str]:
    """Print the page as the browser would on A4: checks the paper, the page numbers,
    the chrome and the colours; returns each PDF page's text and all of it flattened."""
    page.emulate_media(media="print")
    try:
        facts = page.evaluate(PRINT_FACTS_JS)
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
    finally:
        page.emulate_media(media="screen")
    where = page.url
    assert len(facts["texts"]) > 10, (where, facts)
    assert not facts["wordless"], (where, "a tag or label without words", facts["wordless"])
    assert not facts["chrome"], (where, "printed page chrome or controls", facts["chrome"])
    pale = [
        (t["tag"], t["cls"], t["text"], t["color"])
        for t in facts["texts"]
        if not t["color"].startswith("rgb") or _grey_contrast_on_white(t["color"]) < 4.5
    ]
    assert not pale, (where, "text too pale on white paper in black and white", pale)
    for mark in facts["marks"]:
        word = "added:" if mark["tag"] == "ins" else "removed:"
        assert mark["text"].startswith(word), (where, mark)  # said in words, not colour
    pages = PdfReader(io.BytesIO(pdf)).pages
    texts = [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in pages]
    for number, (pdf_page, text) in enumerate(zip(pages, texts, strict=True), start=1):
        width, height = float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)
        assert abs(width - A4[0]) <= 1 and abs(height - A4[1]) <= 1, (where, width, height)
        assert re.search(rf"(^|\s){number} / {len(pages)}(\s|$)", text), (where, number, text)
    flat = " ".join(texts).replace("’", "'")
    for words in NEVER_PRINTED:
        assert words not in flat, (where, f"{words!r} printed")
    return texts, flat


def _staff_sign_in(page, base, email):
    page.goto(base + "/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Your conferences")


def _parent_sends(app, family, risks, comment):
    parent = app.test_client()
    _id, token, code = family.parents[0]
    sign_in(parent, token, code)
    assert post_form(parent, "/views/risks", {"risks.report": risks}).status_code == 302
    response = post_form(
        parent, f"/report/{family.section_ids[1]}", {"agreement": "partly", "comment": comment}
    )
    assert response.status_code == 302
    assert (
        post_form(parent, "/report/general", {"comment": "Please read this first."}).status_code
        == 302
    )
    assert post_form(parent, "/send", {}).status_code == 302


def _on_one_page(pages, expected):
    """The key dates are kept together: all on the page with their heading."""
    page = next(t for t in pages if "Key dates" in t)
    missing = [when for when in expected if when not in page]
    assert not missing, ("key dates split across pages", missing, pages)


def _expected_dates(app, conference_id):
    """Each key date as the pages write it, worked out here from the profile."""
    from portal.models import Conference

    def dates(db):
        conference = db.get(Conference, conference_id)
        items = key_dates(
            conference.kind.value,
            conference.starts_on,
            conference.minutes_sent_on,
            app.extensions["profile"].timescales,
        )
        return [
            format_date(i.when, "EEEE d MMMM yyyy", locale="en_GB")
            if not i.is_period
            else format_date(i.when.after, "d MMMM yyyy", locale="en_GB")
            for i in items
        ]

    return in_db(app, dates)


@pytest.mark.presentation
def test_family_views_print_on_a4_in_black_and_white(app, live_server, desktop):
    family = make_family(app, names=("Dana Whitfield",))
    _parent_sends(app, family, FIRST_WORDS, "The school is wrong.")
    _parent_sends(app, family, RISKS, "The school is wrong about us.")
    base = f"{live_server}/staff/conferences/{family.conference_id}/family/{family.parents[0][0]}"
    _staff_sign_in(desktop, live_server, family.social_worker_email)

    desktop.goto(base + "/print")
    pages, flat = _print(desktop)
    assert "The family's views Parent or carer Dana Whitfield" in pages[0].replace("’", "'")
    for words in [
        "Dana Whitfield",
        "Version 2",
        "Ruth Adeyemi",
        "Amani",
        "We are calm at night. The neighbour has a grudge against us.",
        "The school is wrong about us.",
        "Please read this first.",
        "What we are worried about",
        "Risks and concerns",
    ]:
        assert words in flat, (words, flat)
    assert "Back to what the family sent" not in flat

    # The page the chair reads on screen, with what changed, prints in words too.
    desktop.goto(base)
    assert desktop.locator("main ins").count() and desktop.locator("main del").count()
    _pages, flat = _print(desktop)
    assert "removed: quiet" in flat and "added: calm" in flat


@pytest.mark.presentation
def test_key_dates_print_on_a4_in_black_and_white(app, live_server, desktop, phone):
    family = make_family(app, names=("Dana Whitfield",), share=False)
    expected = _expected_dates(app, family.conference_id)
    assert len(expected) >= 5

    # The parent's "About your conference".
    _id, token, code = family.parents[0]
    phone.goto(f"{live_server}/i/{token}")
    phone.get_by_label("Access code or passphrase").fill(code)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.locator("h1")).to_have_text("Your tasks")
    phone.goto(live_server + "/about")
    expect(phone.locator("h1")).to_have_text("About your conference")
    assert phone.locator(".key-dates dd").count() == len(expected)
    pages, flat = _print(phone)
    assert "About your conference" in flat and "Key dates" in flat
    _on_one_page(pages, expected)

    # The social worker's conference page.
    _staff_sign_in(desktop, live_server, family.social_worker_email)
    desktop.goto(f"{live_server}/staff/conferences/{family.conference_id}")
    expect(desktop.locator("h1")).to_contain_text("Conference on")
    assert desktop.locator(".key-dates dd").count() == len(expected)
    pages, flat = _print(desktop)
    assert "Key dates" in flat and "Ruth Adeyemi" in flat
    _on_one_page(pages, expected)
