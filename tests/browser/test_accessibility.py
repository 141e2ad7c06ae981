"""The accessibility gate: every page and state of the portal (from the app's URL map,
through tests/pages.py), at 320x640 and 1280x800, in every language: axe-core with the
WCAG 2.0, 2.1 and 2.2 A and AA rules finds nothing; targets, autocomplete and
colour-alone checks that axe does not make.

English is checked at both sizes; every other language once, at phone size (the size
most parents use, and where right-to-left layout is tightest).
"""

from pathlib import Path

import pytest

from portal.i18n import DEFAULT
from tests.browser.checks import (
    AXE,
    DESKTOP,
    PHONE,
    autocomplete,
    colour_alone,
    horizontal_scroll,
    once,
    report,
    require,
    run_axe,
    tab_through,
    target_sizes,
    text_spacing,
    vnu,
    walk,
    world,  # noqa: F401  (fixture)
)
from tests.pages import EXEMPT, PAGES, get_endpoints, languages, unregistered

pytestmark = once

RUNS = [(DEFAULT, "desktop"), (DEFAULT, "phone")] + [
    (lang, "phone") for lang in languages() if lang != DEFAULT
]


def test_every_get_endpoint_is_in_the_page_registry(app):
    missing = unregistered(app)
    assert not missing, (
        "GET endpoints with no entry in tests/pages.py (add a @page entry that returns "
        "its URLs and states, or an EXEMPT reason): " + ", ".join(missing)
    )
    stale = sorted(set(PAGES) - set(get_endpoints(app)))
    assert not stale, "tests/pages.py has entries for endpoints no longer in the app: " + ", ".join(
        stale
    )
    assert not set(EXEMPT) & set(PAGES), "an endpoint is both registered and exempt"


@pytest.mark.parametrize(("lang", "size"), RUNS, ids=[f"{lang}-{size}" for lang, size in RUNS])
def test_axe_finds_nothing_on_any_page(browser, live_server, app, world, lang, size):  # noqa: F811
    require(AXE, "axe-core")
    viewport = PHONE if size == "phone" else DESKTOP
    problems, pages = [], 0
    for visit, page, _html in walk(browser, live_server, app, world, viewport, lang, problems):
        pages += 1
        problems += [f"{visit.label}: {p}" for p in run_axe(page)]
    assert pages, "no pages visited"
    assert not problems, report(problems, f"accessibility problems ({lang}, {size} {viewport})")


SIGNED_IN_PARENTS = {"parent", "parent_sent", "parent_started"}


def test_targets_autocomplete_colour_and_timeout_warning(browser, live_server, app, world):  # noqa: F811
    """What axe cannot judge: 24px targets (2.5.8), autocomplete on inputs about the
    user (1.3.5), states written and not only coloured (1.4.1), and on every page of a
    session that times out, the warning that lets the parent stay (2.2.1)."""
    problems = []
    for visit, page, _html in walk(browser, live_server, app, world, PHONE, DEFAULT, problems):
        for check in (target_sizes, autocomplete, colour_alone):
            problems += [f"{visit.label}: {p}" for p in check(page)]
        # (Error pages such as a 404 use the plain layout: the parent leaves them at once.)
        warned = visit.status != 200 or page.evaluate(TIMEOUT_WARNING_JS)
        if visit.who in SIGNED_IN_PARENTS and not warned:
            problems.append(f"{visit.label}: a signed-in page without the timeout warning")
    assert not problems, report(problems, "problems")


TIMEOUT_WARNING_JS = """() => !!(document.body.dataset.timeout && document.body.dataset.keepalive &&
    document.querySelector('dialog#timeout-warning [data-stay]'))"""


def test_the_timeout_warning_lets_a_parent_stay(browser, live_server, world):  # noqa: F811
    """WCAG 2.2.1: before the session ends the parent is warned, can stay signed in
    with one key press, and is only signed out if they do nothing."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.clock.install()
        world.parent.sign_in(page, live_server)
        assert page.evaluate(TIMEOUT_WARNING_JS), "no timeout warning on the task list"
        total = int(page.evaluate("() => document.body.dataset.timeout"))
        warn = int(page.evaluate("() => document.body.dataset.warn || '120'"))
        dialog = page.locator("dialog#timeout-warning")
        assert not dialog.is_visible()

        page.clock.fast_forward((total - warn) * 1000)
        assert dialog.is_visible(), "no warning before the session ends"
        assert page.evaluate("() => document.activeElement.closest('dialog') !== null"), (
            "focus is not in the warning"
        )
        with page.expect_response(lambda r: r.request.method == "POST") as kept:
            page.locator("dialog#timeout-warning [data-stay]").focus()
            page.keyboard.press("Enter")
        assert kept.value.ok, f"staying signed in failed: HTTP {kept.value.status}"
        page.wait_for_function("() => !document.querySelector('dialog#timeout-warning').open")

        page.clock.fast_forward((total - warn) * 1000)
        assert dialog.is_visible(), "no warning the second time"
        with page.expect_navigation():
            page.clock.fast_forward(warn * 1000 + 1000)
        assert "/signed-out" in page.url, f"not signed out after the timeout: {page.url}"
    finally:
        context.close()


def test_the_code_can_be_pasted(browser, live_server, world):  # noqa: F811
    """WCAG 3.3.8: no memory test at sign-in. The code pasted from a message works, and
    nothing stops pasting or a password manager filling the box."""
    from portal.invitations import format_code, link_path

    login = world.parent_link
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    try:
        page = context.new_page()
        page.goto(live_server + link_path(login.token))
        box = page.locator("main input[name=secret]")
        assert box.get_attribute("autocomplete") not in (None, "off"), "autocomplete is off"
        assert box.get_attribute("onpaste") is None
        page.evaluate("(text) => navigator.clipboard.writeText(text)", format_code(login.code))
        box.focus()
        page.keyboard.press("Control+V")
        assert box.input_value() == format_code(login.code), "pasting the code did not work"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("main input[name=secret]").count() == 0, "the pasted code failed"
    finally:
        context.close()


FIXTURE = Path(__file__).parent / "fixtures" / "broken.html"


def test_the_gate_bites(browser, live_server):
    """A page broken on purpose (tests/browser/fixtures/broken.html, never in the product),
    served on the app's origin: every check must report its fault."""
    require(AXE, "axe-core")
    html = FIXTURE.read_text(encoding="utf-8")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        url = live_server + "/__gate/broken"
        page.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
        page.goto(url)
        found = {
            "axe": run_axe(page),
            "targets": target_sizes(page),
            "autocomplete": autocomplete(page),
            "colour": colour_alone(page),
            "reflow": horizontal_scroll(page),
        }
        _stops, found["focus"] = tab_through(page)
        found["spacing"] = [p for p in text_spacing(page) if "cut off" in p]
    finally:
        context.close()
    errors, _warnings = vnu({"broken fixture": html})
    found["html"] = errors.get("broken fixture", [])

    assert any("axe label " in p and "#name" in p for p in found["axe"]), found["axe"]
    assert any("is 12x12" in p for p in found["targets"]), found["targets"]
    assert any('name="email"' in p for p in found["autocomplete"]), found["autocomplete"]
    assert any("tag" in p for p in found["colour"]), found["colour"]
    assert found["reflow"], "a 700px row at 320px was not reported"
    assert any("a.no-focus" in p or 'href="#main"' in p for p in found["focus"]), found["focus"]
    assert any("far too long" in p for p in found["spacing"]), found["spacing"]
    assert any("for" in p and "label" in p for p in found["html"]), found["html"]
