"""What axe cannot see about keyboards, on every page and state of the registry:
a skip link is the first tab stop and moves focus to <main>; every tab stop shows a
visible focus indicator and is never hidden behind another element (WCAG 2.4.7,
2.4.11); after a failed submit focus is on the error summary, the title starts
"Error:", and each summary link moves focus to its field."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.checks import (
    FOCUSED_JS,
    PHONE,
    findings_for,
    gates,
    world,  # noqa: F401  (fixture)
)


@pytest.mark.parametrize("gate", gates())
def test_focus_is_visible_and_never_hidden(request, app, gate):
    """Every tab stop of every page shows focus and is not behind a sticky element."""
    findings_for(request, gate).assert_none("focus")


@pytest.mark.parametrize("gate", gates())
def test_a_skip_link_comes_first(request, app, gate):
    findings_for(request, gate).assert_none("skip")


@pytest.mark.parametrize("gate", gates())
def test_failed_submits_focus_the_error_summary(request, app, gate):
    """Title "Error:", focus on the summary, its links focus the fields."""
    findings_for(request, gate).assert_none("errors")


@pytest.mark.parametrize("gate", gates())
def test_radio_groups_follow_the_arrow_keys(request, app, gate):
    findings_for(request, gate).assert_none("radios")


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
        expect(page.locator("h1")).to_have_text("Your tasks")

        _tab_to(page, "main a[href$='/about']")
        _press(page, "Enter")
        _tab_to(page, "main button[type=submit]")
        _press(page, "Space")
        expect(page.locator("h1")).to_have_text("Your tasks")

        first = questions.PAGES[0]
        _tab_to(page, f"main a[href$='/views/{first.slug}']")
        _press(page, "Enter")
        _tab_to(page, "main textarea")
        page.keyboard.type("We have started going to the parenting group.")
        _tab_to(page, "main button[type=submit]")
        _tab_to(page, "main textarea", backwards=True)  # Shift+Tab goes back to a box
        _tab_to(page, "main button[type=submit]")
        _press(page, "Enter")
        expect(page).to_have_url(re.compile(f"/views/{questions.PAGES[1].slug}$"))

        _tab_to(page, "main a[href$='/tasks']")
        _press(page, "Enter")
        _tab_to(page, "main a[href$='/check']")
        _press(page, "Enter")
        expect(page.locator("h1")).to_have_text("Check your answers")
        expect(page.locator("main")).to_contain_text("parenting group")
        _tab_to(page, "main button[type=submit]")
        _press(page, "Enter")
        _tab_to(page, "main button[type=submit]")
        _press(page, "Space")
        expect(page.locator("h1")).to_have_text("Your answers have been sent")
    finally:
        context.close()
