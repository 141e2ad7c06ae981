"""The language list: each language's direction and tag from Babel, a font stack per
script that the stylesheet really applies, and the review state read from REVIEW.md."""

import re
from pathlib import Path

import pytest

from portal import i18n

CSS = (Path(__file__).parents[2] / "static" / "app.css").read_text(encoding="utf-8")


def test_twenty_languages_and_english():
    assert len(i18n.LANGUAGES) == 21 and i18n.LANGUAGES[0].code == "en"
    assert len(i18n.BY_CODE) == 21


@pytest.mark.parametrize("language", i18n.LANGUAGES, ids=lambda lang: lang.code)
def test_direction_tag_and_fonts(language):
    rtl = {"ar", "ur", "fa", "ckb", "ps"}
    assert language.direction == ("rtl" if language.code in rtl else "ltr")
    assert language.tag == {"en": "en-GB", "zh_Hans": "zh-Hans"}.get(language.code, language.code)
    stack = language.fonts
    if language.script in {"latin", "cyrillic"}:
        rule = re.search(r"body\{[^}]*font-family:([^;}]*)", CSS)
    else:
        rule = re.search(r":lang\(" + language.tag.split("-")[0] + r"\)[^{]*\{font-family:([^;}]*)",
                         CSS)
    assert rule, f"static/app.css has no font rule for {language.code}"
    assert rule.group(1) == stack, f"{language.code}: app.css and i18n.FONT_STACKS differ"


def test_review_state(tmp_path):
    i18n.review_state.cache_clear()
    (tmp_path / "pl").mkdir()
    (tmp_path / "pl" / "REVIEW.md").write_text(
        "# Polish\n\nstate: reviewed\nreviewed by: A. Nowak, DPSI\ndate: 2027-01-31\n"
        "council: Southwark Council\n")
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro" / "REVIEW.md").write_text("state: written by the team\n")
    (tmp_path / "ar").mkdir()
    (tmp_path / "ar" / "REVIEW.md").write_text("state: reviewed-ish\n")
    pl = i18n.review_state("pl", tmp_path)
    assert pl.reviewed and pl.reviewed_by == "A. Nowak, DPSI" and pl.date == "2027-01-31"
    assert not i18n.review_state("ro", tmp_path).reviewed
    assert not i18n.review_state("ar", tmp_path).reviewed  # only exactly "reviewed" counts
    assert not i18n.review_state("ti", tmp_path).reviewed  # no file


def test_only_compiled_languages_are_available(tmp_path):
    assert [lang.code for lang in i18n.available([tmp_path])] == ["en"]
    (tmp_path / "ti" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "ti" / "LC_MESSAGES" / "messages.po").write_text("")
    assert [lang.code for lang in i18n.available([tmp_path])] == ["en"]  # not compiled
    (tmp_path / "ti" / "LC_MESSAGES" / "messages.mo").write_bytes(b"x")
    assert [lang.code for lang in i18n.available([tmp_path])] == ["en", "ti"]
