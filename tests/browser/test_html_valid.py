"""Every page and state, as the server sends it, passes the Nu HTML Checker with zero
errors. The pages come from the registry (tests/pages.py); all are checked in one
Java run, since starting Java costs more than checking a page."""

from portal.i18n import DEFAULT
from tests.browser.checks import (
    DESKTOP,
    once,
    report,
    vnu,
    walk,
    world,  # noqa: F401  (fixture)
)

pytestmark = once


def test_every_page_is_valid_html(browser, live_server, app, world):  # noqa: F811
    problems: list[str] = []
    pages: dict[str, str] = {}
    for visit, _page, html in walk(browser, live_server, app, world, DESKTOP, DEFAULT, problems):
        pages[visit.label] = html
    assert pages, "no pages visited"
    errors, _warnings = vnu(pages)
    for label, messages in errors.items():
        problems += [f"{label}: {m}" for m in messages]
    assert not problems, report(problems, f"HTML errors in {len(pages)} pages")
