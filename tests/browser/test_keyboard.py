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


RADIO_GROUPS_JS = """() => [...new Set([...document.querySelectorAll('main input[type=radio]')]
                       .map(r => r.name))]"""


def _radio_groups(page) -> list[str]:
    """In every radio group, the arrow keys move and choose."""
    problems = []
    for name in page.evaluate(RADIO_GROUPS_JS):
        radios = page.locator(f'main input[type=radio][name="{name}"]')
        if radios.count() < 2:
            continue
        radios.first.focus()
        page.keyboard.press("Space")
        page.keyboard.press("ArrowDown")
        second = radios.nth(1)
        if not (second.is_checked() and second.evaluate("el => el === document.activeElement")):
            problems.append(f"ArrowDown does not choose the next option of {name}")
        page.keyboard.press("ArrowUp")
        if not radios.first.is_checked():
            problems.append(f"ArrowUp does not choose the previous option of {name}")
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
            found += _radio_groups(page)
        problems += [f"{visit.label}: {p}" for p in found]
    assert not problems, report(problems, f"keyboard problems ({size})")


# ---- the parent journey with the keyboard alone ----------------------------------------------


def _tab_to(page, selector: str, backwards: bool = False, limit: int = 60) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            focused = page.evaluate(FOCUSED_JS)
            assert focused["visible"], f"focus not visible on {focused['name']}"
            assert focused["seen"], f"focus hidden behind another element on {focused['name']}"
            return
    raise AssertionError(f"{selector} cannot be reached with {key} on {page.url}")


def _press(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def test_parent_journey_with_the_keyboard_alone(browser, live_server, world):  # noqa: F811
    """Sign in, read about the conference, write views, check and send: Tab, Shift+Tab,
    Enter and Space only (and arrow keys in any radio group on the way)."""
    from portal import questions
    from portal.invitations import format_code, link_path

    login = world.parent
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(live_server + link_path(login.token))
        _tab_to(page, "input[name=secret]")
        page.keyboard.type(format_code(login.code))
        _press(page, "Enter")
        assert page.locator("h1").inner_text() == "Your tasks"

        _tab_to(page, "main a[href$='/about']")
        _press(page, "Enter")
        _tab_to(page, "main button[type=submit]")
        _press(page, "Space")
        assert page.locator("h1").inner_text() == "Your tasks"

        first = questions.PAGES[0]
        _tab_to(page, f"main a[href$='/views/{first.slug}']")
        _press(page, "Enter")
        _tab_to(page, "main textarea")
        page.keyboard.type("We have started going to the parenting group.")
        _tab_to(page, "main button[type=submit]")
        _tab_to(page, "main textarea", backwards=True)  # Shift+Tab goes back to a box
        _tab_to(page, "main button[type=submit]")
        _press(page, "Enter")
        assert f"/views/{questions.PAGES[1].slug}" in page.url

        _tab_to(page, "main a[href$='/tasks']")
        _press(page, "Enter")
        _tab_to(page, "main a[href$='/check']")
        _press(page, "Enter")
        assert "parenting group" in page.locator("main").inner_text()
        _tab_to(page, "main button[type=submit]")
        _press(page, "Enter")
        _tab_to(page, "main button[type=submit]")
        _press(page, "Space")
        assert "/sent/" in page.url, f"sending did not reach the sent page: {page.url}"
    finally:
        context.close()
