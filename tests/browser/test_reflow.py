"""Reflow (WCAG 1.4.10) and text spacing (1.4.12) on every page and state at 320 CSS
pixels: nothing scrolls sideways, and with a reader's own spacing nothing is cut off."""

from portal.i18n import DEFAULT
from tests.browser.checks import (
    PHONE,
    horizontal_scroll,
    once,
    report,
    text_spacing,
    walk,
    world,  # noqa: F401  (fixture)
)
from tests.pages import languages

pytestmark = once


def test_no_sideways_scrolling_and_spacing_never_clips(browser, live_server, app, world):  # noqa: F811
    problems: list[str] = []
    for lang in languages():
        for visit, page, _html in walk(browser, live_server, app, world, PHONE, lang, problems):
            where = visit.label if lang == DEFAULT else f"{visit.label} ({lang})"
            problems += [f"{where}: {p}" for p in horizontal_scroll(page)]
            problems += [f"{where}: {p}" for p in text_spacing(page)]
    assert not problems, report(problems, "reflow or text-spacing problems at 320px")
