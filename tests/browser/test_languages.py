"""Languages in the browser: a parent completes the journey in Persian, Chinese, Arabic
and Polish, choosing the language on the page as a person would (the globe, then the
language's own name); and a screenshot of the task list in every offered language at
360 px, written to out/screenshots/ as an artefact, with every letter drawn by a font.

The test finds its way by the page's structure (addresses, form fields, the main
button), as a parent who reads only their own language would by its words."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.i18n import BY_CODE
from portal.models import Invitation, Submission
from tests.browser.checks import missing_glyphs
from tests.functional.parent_helpers import in_db, make_parents
from tests.pages import languages

OUT = Path(__file__).resolve().parents[2] / "out" / "screenshots"
WORDS = {
    "pl": "Chcemy więcej wsparcia w domu. Dzieci są bezpieczne. ❤️",
    "ar": "نحتاج إلى سكن أفضل وهدوء في البيت. رقم ٢ 020 7641 6000",
    "fa": "ما به کمک بیشتری در خانه نیاز داریم. بچه‌ها حالشان خوب است. ۰۲۰ ۷۶۴۱",
    "zh_Hans": "我们需要更多的家庭支持。孩子们很安全. 电话 020 7641 6000",
}
JOURNEY = [code for code in ("fa", "zh_Hans", "ar", "pl") if code in languages()] or [
    pytest.param(None, marks=pytest.mark.skip(reason="none of the journey's languages is "
                                                     "offered"))
]


def _choose(page, code: str) -> None:
    """Open the language choice and press the language's own name."""
    language = BY_CODE[code]
    page.locator("details.languages > summary").click()
    page.locator(f"details.languages [lang='{language.tag}']").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language.tag
    assert page.locator("html").get_attribute("dir") == language.direction


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def _press_main_button(page):
    page.locator("main form[method=post] button.button").first.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("code", JOURNEY)
def test_parent_journey_in_their_language(app, live_server, phone, code):
    ((invitation_id, token, secret),) = make_parents(app)
    page = phone
    page.goto(f"{live_server}/i/{token}")
    assert page.url.endswith("/sign-in")
    _choose(page, code)
    english_title = "Sign in"
    assert page.locator("h1").inner_text() != english_title
    page.locator("#secret").fill(secret)
    _press_main_button(page)
    page.wait_for_url("**/tasks")
    assert page.locator("html").get_attribute("lang") == BY_CODE[code].tag  # kept
    _fits(page)

    page.locator("a[href$='/about']").first.click()
    _press_main_button(page)
    page.wait_for_url("**/tasks")

    page.locator("a[href$='/views/risks']").first.click()
    for _ in range(5):  # the five views pages
        page.locator("textarea").first.fill(WORDS[code])
        # Changing language mid-page keeps the words and saves nothing...
        _choose(page, "en")
        assert page.locator("textarea").first.input_value() == WORDS[code]
        _choose(page, code)
        assert page.locator("textarea").first.input_value() == WORDS[code]
        _fits(page)
        _press_main_button(page)  # ...Continue saves them.
    page.wait_for_url("**/tasks")

    page.locator("a[href$='/what-you-need']").first.click()
    _press_main_button(page)
    page.wait_for_url("**/tasks")
    page.locator("a[href$='/check']").first.click()
    page.wait_for_url("**/check")
    typed = page.get_by_text(WORDS[code].split(".")[0], exact=False)
    expect(typed.first).to_be_visible()  # the Check page has loaded, not only its address
    assert typed.count() >= 5
    _press_main_button(page)
    page.wait_for_url("**/send")
    _press_main_button(page)
    page.wait_for_url("**/sent/*")
    assert page.locator("html").get_attribute("lang") == BY_CODE[code].tag
    _fits(page)

    def stored(db):
        submission = db.scalars(
            select(Submission).where(Submission.invitation_id == invitation_id)).one()
        return submission.content["answers"], db.get(Invitation, invitation_id)

    answers, invitation = in_db(app, stored)
    assert list(answers.values()).count(WORDS[code]) == 5
    assert invitation.preferred_language == code  # the parent's language for messages


@pytest.mark.presentation
def test_task_list_screenshot_in_every_language(app, live_server, phone):
    """Artefacts: out/screenshots/task-list-<code>.png at 360 px, one per language; and
    no letter of any language is an empty box (the machine has a font for each script:
    .ci/run installs them)."""
    ((_invitation_id, token, secret),) = make_parents(app)
    page = phone
    page.goto(f"{live_server}/i/{token}")
    page.locator("#secret").fill(secret)
    _press_main_button(page)
    page.wait_for_url("**/tasks")
    OUT.mkdir(parents=True, exist_ok=True)
    for code in languages():
        page.goto(f"{live_server}/tasks?lang={code}")
        language = BY_CODE[code]
        assert page.locator("html").get_attribute("dir") == language.direction
        _fits(page)
        assert not missing_glyphs(page), (code, missing_glyphs(page))
        path = OUT / f"task-list-{code}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000


def test_the_font_check_bites(phone):
    """Letters no font has (private use, unassigned) are found; real ones are not."""
    phone.set_content('<html lang="en"><body><h1>Tasks \ue000\ue001</h1>'
                      '<main><p>Tareas 任务 ਕੰਮ</p></main></body></html>')
    assert missing_glyphs(phone) == ["no font draws 2 letters: \ue000 U+E000 \ue001 U+E001"]
    phone.set_content('<html lang="en"><body><h1>Tasks 任务 ਕੰਮ ካልኦት</h1></body></html>')
    assert missing_glyphs(phone) == []
