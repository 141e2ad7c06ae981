"""The accessibility gate: every page and state of the portal (from the app's URL map,
through tests/pages.py), at 320x640 and 1280x800, in every language: axe-core with the
WCAG 2.0, 2.1 and 2.2 A and AA rules finds nothing; targets, autocomplete, colour-alone
and timeout checks that axe does not make; and a broken fixture proves the checks bite.

Each size is walked once per gate language (tests.browser.checks.walk_all: English and
Persian, the right-to-left gate) and the tests here, in test_keyboard.py, test_reflow.py
and test_html_valid.py read their part of it. Every other language is walked once, at
phone size, one page per endpoint (the templates are shared; the words, their length and
direction differ), in two halves that run side by side on the workers.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.db import session
from tests.browser.checks import (
    AXE,
    PHONE,
    WALK_CHECKS,
    Findings,
    autocomplete,
    colour_alone,
    error_state,
    findings_for,
    gate_languages,
    gates,
    horizontal_scroll,
    radio_groups,
    report,
    require,
    run_axe,
    skip_link,
    tab_through,
    target_sizes,
    text_spacing,
    timeout_warning,
    vnu,
    walk_languages,
)
from tests.browser.languages import STAFF, english_left, lang_and_dir, language_problems
from tests.pages import EXEMPT, PAGES, Visit, World, get_endpoints, languages, unregistered

# English and Persian get the full gates at both sizes (checks.gate_languages); every
# other language this walk, in two halves that run side by side on the workers.
OTHER_LANGUAGES = [lang for lang in languages() if lang not in gate_languages()]
HALVES = 2


def _half(lang: str) -> int:
    return OTHER_LANGUAGES.index(lang) % HALVES


def _other_language_params():
    if not OTHER_LANGUAGES:
        return [pytest.param(None, marks=pytest.mark.skip(
            reason="no language beyond the full gates'"))]
    return [pytest.param(lang, marks=pytest.mark.xdist_group(f"other-languages-{_half(lang)}"))
            for lang in OTHER_LANGUAGES]


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


@pytest.mark.parametrize("gate", gates())
def test_every_registered_page_opens(request, app, gate):
    findings_for(request, gate).assert_none("open")


@pytest.mark.parametrize("gate", gates())
def test_axe_finds_nothing_on_any_page(request, app, gate):
    """axe-core, WCAG 2.0/2.1/2.2 A and AA, on every page and state, in English and in
    the right-to-left gate language."""
    findings_for(request, gate).assert_none("axe")


@pytest.mark.parametrize("gate", [g for g in gates() if not g.id.endswith("-en")] or [
    pytest.param(None, marks=pytest.mark.skip(reason="the right-to-left gate language "
                                                      "is not offered"))])
def test_pages_in_the_rtl_gate_language_are_in_it(request, app, gate):
    """The Persian walk: <html lang dir> are Persian's and no English is left in the
    chrome."""
    findings_for(request, gate).assert_none("language")


_OTHER: dict[str, list[str]] = {}


def other_language_problems(request, lang: str) -> dict[str, list[str]]:
    """One walk over the half of the other languages that `lang` is in, made once per
    test process (the half's tests share an xdist group): each parent and public
    endpoint's first page at phone size. Staff pages stay English whatever the language
    (tests/functional/test_languages.py): the English walk checks them."""
    if lang not in _OTHER:
        require(AXE, "axe-core")
        app, base = request.getfixturevalue("app"), request.getfixturevalue("live_server")
        browser = request.getfixturevalue("browser")
        langs = [code for code in OTHER_LANGUAGES if _half(code) == _half(lang)]
        english: dict[str, str] = {}
        with app.test_request_context():
            world = World(app, session())
            for code, visit, page, html in walk_languages(
                    browser, base, app, world, PHONE, langs, _OTHER, exclude=STAFF):
                found = (run_axe(page) + horizontal_scroll(page)
                         + language_problems(page, visit, html, code, base, english))
                _OTHER.setdefault(code, []).extend(f"{visit.label}: {p}" for p in found)
    return _OTHER


@pytest.mark.presentation
@pytest.mark.parametrize("lang", _other_language_params())
def test_axe_finds_nothing_in_other_languages(request, app, lang):
    """Every other language once, at phone size: each parent and public endpoint's first
    page (the templates are the same; the words, their length and direction differ; the
    error states are walked in English and Persian at both sizes)."""
    problems = other_language_problems(request, lang)[lang]
    assert not problems, report(problems, f"accessibility or language problems in {lang}")


def test_the_language_check_bites():
    """English left in the chrome of a Polish page, and the wrong lang and dir, are found."""
    english = ('<html lang="en-GB" dir="ltr"><title>Your tasks – Prepare</title><main>'
               '<h1>Your tasks</h1><button>Continue</button></main></html>')
    polish = english.replace('lang="en-GB"', 'lang="pl"').replace("Your tasks", "Twoje zadania")
    assert english_left(polish, english) == ["English left: 'Continue'"]
    assert english_left(english.replace("Continue", "Dalej").replace("Your tasks", "X"),
                        english) == []
    assert lang_and_dir(english, "pl") == ["<html lang='en-GB' dir='ltr'>, expected pl ltr"]


@pytest.mark.parametrize("gate", gates("phone"))
def test_targets_autocomplete_and_colour(request, app, gate):
    """What axe cannot judge: 24px targets (2.5.8), autocomplete on inputs about the
    user (1.3.5), states written and not only coloured (1.4.1)."""
    findings_for(request, gate).assert_none("targets", "autocomplete", "colour")


@pytest.mark.parametrize("gate", gates("phone"))
def test_every_signed_in_page_warns_before_the_timeout(request, app, gate):
    """Parents and staff alike: a warning before the session times out (WCAG 2.2.1)."""
    findings_for(request, gate).assert_none("timeout")


FIXTURE = Path(__file__).parent / "fixtures" / "broken.html"


@pytest.mark.presentation
def test_the_gate_bites(browser, live_server):
    """A page broken on purpose (tests/browser/fixtures/broken.html, never in the product),
    served on the app's origin as a signed-in parent's page: EVERY check of the walk must
    report its fault there, or it does not count as a check."""
    require(AXE, "axe-core")
    html = FIXTURE.read_text(encoding="utf-8")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        url = live_server + "/__gate/broken"
        page.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
        page.goto(url)
        expect(page.locator("h1")).to_have_text("Your details")
        visit = Visit("/__gate/broken", who="parent", endpoint="parent.task_list")
        found = {
            "axe": run_axe(page),
            "targets": target_sizes(page),
            "autocomplete": autocomplete(page),
            "colour": colour_alone(page),
            "reflow": horizontal_scroll(page),
            "timeout": timeout_warning(page, visit),
        }
        stops, found["focus"] = tab_through(page)
        found["skip"] = skip_link(page, stops)
        found["errors"] = error_state(page)
        found["radios"] = radio_groups(page)
        found["spacing"] = [p for p in text_spacing(page) if "cut off" in p]  # last: restyles
    finally:
        context.close()
    errors, _warnings = vnu({"broken fixture": html})
    found["html"] = errors.get("broken fixture", [])

    expected = {
        "axe": lambda p: "axe label " in p and "#name" in p,
        "targets": lambda p: "is 12x12" in p,
        "autocomplete": lambda p: 'name="email"' in p,
        "colour": lambda p: "status shown without visible text" in p,
        "reflow": lambda p: "scrolls sideways" in p,
        "timeout": lambda p: "without the timeout warning" in p,
        "focus": lambda p: p.startswith('focus not visible on a[href="#main"] "Back"'),
        "focus hidden": lambda p: "hidden behind another element" in p and "Under the" in p,
        "skip": lambda p: "not the skip link" in p,
        "errors": lambda p: "does not start with" in p,
        "errors focus": lambda p: "focus is not on the error summary" in p,
        "errors links": lambda p: "summary link to #no-such-field" in p,
        "radios": lambda p: "ArrowDown does not choose" in p,
        "spacing": lambda p: "far too long" in p,
        "html": lambda p: "for" in p and "label" in p,
    }
    missed = {
        name: found[name.split()[0]]
        for name, hit in expected.items()
        if not any(hit(p) for p in found[name.split()[0]] or [])
    }
    assert not missed, f"checks that did not report their fault on the broken page: {missed}"
    # Every kind of check the walks run (walk_all's Findings) is proved here.
    assert set(WALK_CHECKS) <= {name.split()[0] for name in expected}, WALK_CHECKS


def test_a_check_that_ran_on_no_page_fails():
    """Findings.assert_none fails for a check no page ran, not only for one that found
    something: a check whose pages disappear cannot pass by looking at nothing."""
    findings = Findings("phone")
    findings.pages = 3
    findings.add("axe", Visit("/"), [])
    findings.add("radios", Visit("/"), None)  # no radio group on the page
    findings.assert_none("axe")
    with pytest.raises(AssertionError, match="ran on no page at phone: radios"):
        findings.assert_none("axe", "radios")
    with pytest.raises(AssertionError, match="ran on no page at phone: no-such-check"):
        findings.assert_none("no-such-check")
