"""Every page and state, as the server sends it, passes the Nu HTML Checker with zero
errors. The pages come from the registry (tests/pages.py) through the desktop walk
(tests.browser.checks.walk_all); all are checked in one Java run, since starting Java
costs more than checking a page."""

from tests.browser.checks import findings_for, on_desktop, report, vnu

pytestmark = [on_desktop]


def test_every_page_is_valid_html(request, app):
    pages = findings_for(request, "desktop").html
    assert pages, "no pages visited"
    errors, _warnings = vnu(pages)
    problems = [f"{label}: {m}" for label, messages in errors.items() for m in messages]
    assert not problems, report(problems, f"HTML errors in {len(pages)} pages")
