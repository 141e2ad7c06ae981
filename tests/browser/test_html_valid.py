"""Every page and state, as the server sends it, passes the Nu HTML Checker with zero
errors. The pages come from the registry (tests/pages.py) through the desktop walk
(tests.browser.checks.walk_all); all are checked in one Java run, since starting Java
costs more than checking a page."""

import pytest

from tests.browser.checks import findings_for, gates, report, vnu


@pytest.mark.parametrize("gate", gates("desktop"))
def test_every_page_is_valid_html(request, app, gate):
    pages = findings_for(request, gate).html
    assert pages, "no pages visited"
    errors, _warnings = vnu(pages)
    problems = [f"{label}: {m}" for label, messages in errors.items() for m in messages]
    assert not problems, report(problems, f"HTML errors in {len(pages)} pages")
