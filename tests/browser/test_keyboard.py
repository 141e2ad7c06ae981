"""What axe cannot see about keyboards, on every page and state of the registry:
a skip link is the first tab stop and moves focus to <main>; every tab stop shows a
visible focus indicator and is never hidden behind another element (WCAG 2.4.7,
2.4.11); after a failed submit focus is on the error summary, the title starts
"Error:", and each summary link moves focus to its field."""

import pytest

from portal.i18n import DEFAULT
from tests.browser.checks import (
    DESKTOP,
    FOCUSED_JS,
    PHONE,
    once,
    report,
    tab_through,
    walk,
    world,  # noqa: F401  (fixture)
)

pytestmark = once

SIZES = {"phone": PHONE, "desktop": DESKTOP}


def _error_state(page) -> list[str]:
    problems = []
    title = page.title()
    if not title.startswith("Error:"):
        problems.append(f'title {title!r} does not start with "Error:"')
    if not page.evaluate("() => !!document.activeElement.closest('[data-error-summary]')"):
        problems.append("focus is not on the error summary after the failed submit")
    links = page.locator("[data-error-summary] a")
    if links.count() == 0:
        problems.append("the error summary has no links to the fields")
    for i in range(links.count()):
        link = links.nth(i)
        target = (link.get_attribute("href") or "").lstrip("#")
        link.focus()
        page.keyboard.press("Enter")
        now = page.evaluate("() => document.activeElement.id")
        if now != target:
            problems.append(f"summary link to #{target} moved focus to #{now or 'nothing'}")
            continue
        focused = page.evaluate(FOCUSED_JS)
        if focused and not focused["seen"]:
            problems.append(f"field #{target} is focused but hidden behind another element")
    return problems


def _skip_link(page) -> list[str]:
    problems = []
    skip = page.locator("a.skip-link").first
    if skip.count() == 0 or skip.get_attribute("href") != "#main":
        return ["no skip link to #main"]
    skip.focus()
    page.keyboard.press("Enter")
    if page.evaluate("() => document.activeElement.id") != "main":
        problems.append("the skip link does not move focus to <main>")
    return problems


@pytest.mark.parametrize("size", list(SIZES))
def test_keyboard_on_every_page(browser, live_server, app, world, size):  # noqa: F811
    problems: list[str] = []
    viewport = SIZES[size]
    for visit, page, _html in walk(browser, live_server, app, world, viewport, DEFAULT, problems):
        found = []
        if visit.submit and visit.errors:
            found += _error_state(page)
            page.evaluate("() => document.activeElement.blur()")
        stops, focus_problems = tab_through(page)
        found += focus_problems
        if not visit.submit:
            if not stops or not stops[0].startswith('a[href="#main"]'):
                found.append(f"the first tab stop is {stops[:1] or 'nothing'}, not the skip link")
            found += _skip_link(page)
        problems += [f"{visit.label}: {p}" for p in found]
    assert not problems, report(problems, f"keyboard problems ({size})")
