"""Reflow (WCAG 1.4.10) and text spacing (1.4.12) on every page and state at 320 CSS
pixels: nothing scrolls sideways, and with a reader's own spacing nothing is cut off.
(The phone walk in tests.browser.checks.walk_all makes the measurements.)"""

import pytest

from tests.browser.checks import findings_for, gates


@pytest.mark.parametrize("gate", gates("phone"))
def test_nothing_scrolls_sideways_at_320px(request, app, gate):
    findings_for(request, gate).assert_none("reflow")


@pytest.mark.parametrize("gate", gates("phone"))
def test_text_spacing_never_cuts_text_off(request, app, gate):
    findings_for(request, gate).assert_none("spacing")
