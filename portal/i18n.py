"""The portal's languages: which exist, which are offered, which one a page is in.

Adding a language is a catalog, a glossary and one line in LANGUAGES (see
translations/TRANSLATING.md). A language is offered only when its compiled catalog
exists, and `python -m portal.catalogs compile` compiles a catalog only when it passes
every check, so a half-written one is never shown to a parent.

Order of choice (choose_language): an explicit ?lang=, then the saved choice, then the
signed-in parent's preferred language, then the browser's Accept-Language, then English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, current_app, g, request, session
from flask_babel import (
    Babel,
    format_date,
    format_datetime,
    format_time,
    get_locale,
    pgettext,
)
from markupsafe import Markup

# System fonts only (no web fonts): a stack per script that finds the font Android
# (Noto), iOS and macOS, and Windows ship for it, then the generic family. static/app.css
# applies them with :lang() rules; tests/unit/test_i18n.py keeps the two the same.
_BODY = 'system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif'
FONT_STACKS: dict[str, str] = {
    "latin": _BODY,
    "cyrillic": _BODY,
    "arabic": '"Noto Naskh Arabic","Geeza Pro","Segoe UI",Tahoma,"Noto Sans Arabic",sans-serif',
    "nastaliq": '"Noto Nastaliq Urdu","Jameel Noori Nastaleeq","Urdu Typesetting",'
    '"Noto Naskh Arabic","Geeza Pro","Segoe UI",sans-serif',
    "ethiopic": '"Noto Sans Ethiopic",Kefa,"Abyssinica SIL",Nyala,Ebrima,sans-serif',
    "gurmukhi": '"Noto Sans Gurmukhi","Gurmukhi MN",Raavi,"Nirmala UI",sans-serif',
    "gujarati": '"Noto Sans Gujarati","Gujarati Sangam MN",Shruti,"Nirmala UI",sans-serif',
    "bengali": '"Noto Sans Bengali","Bangla Sangam MN",Vrinda,"Nirmala UI",sans-serif',
    "han": '"PingFang SC","Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",'
    '"Source Han Sans SC",sans-serif',
}


@dataclass(frozen=True)
class Language:
    code: str  # the ?lang= value and the folder in translations/
    name: str  # its name in its own script
    script: str  # a key of FONT_STACKS
    locale: str = ""  # the Babel locale that formats dates and numbers, when not `code`
    required: bool = False  # the build fails unless its catalog passes every check

    @property
    def babel(self) -> str:
        return self.locale or self.code

    @property
    def direction(self) -> str:
        return Locale.parse(self.babel).text_direction

    @property
    def tag(self) -> str:
        """A BCP 47 tag for lang= and hreflang=: en_GB -> en-GB, zh_Hans -> zh-Hans."""
        return html_lang(Locale.parse(self.babel))

    @property
    def fonts(self) -> str:
        return FONT_STACKS[self.script]


DEFAULT = "en"

# One line per language. English first, then the order. When a language's
# catalog is complete, set required=True so a later change
# that leaves it incomplete fails the build instead of silently hiding it.
LANGUAGES: tuple[Language, ...] = (
    # Our English is British English ("Friday 4 December 2026").
    Language("en", "English", "latin", "en_GB", required=True),
    Language("pl", "Polski", "latin", required=True),
    Language("ro", "Română", "latin", required=True),
    Language("ar", "العربية", "arabic", required=True),
    Language("ur", "اردو", "nastaliq", required=True),
    Language("ti", "ትግርኛ", "ethiopic", required=True),
    Language("pa", "ਪੰਜਾਬੀ", "gurmukhi", required=True),
    Language("pt", "Português", "latin", required=True),
    Language("es", "Español", "latin", required=True),
    Language("bn", "বাংলা", "bengali", required=True),
    Language("gu", "ગુજરાતી", "gujarati", required=True),
    Language("tr", "Türkçe", "latin", required=True),
    Language("lt", "Lietuvių", "latin", required=True),
    Language("fr", "Français", "latin", required=True),
    Language("so", "Soomaali", "latin", required=True),
    Language("fa", "فارسی", "arabic", required=True),
    Language("zh_Hans", "简体中文", "han", required=True),
    Language("uk", "Українська", "cyrillic", required=True),
    Language("sq", "Shqip", "latin", required=True),
    Language("ckb", "کوردیی ناوەندی", "arabic", required=True),
    Language("ps", "پښتو", "arabic", required=True),
)

BY_CODE: dict[str, Language] = {language.code: language for language in LANGUAGES}


def html_lang(locale: Locale) -> str:
    """A BCP 47 tag for <html lang>: en_GB -> en-GB."""
    return "-".join(part for part in (locale.language, locale.script, locale.territory) if part)


def babel_locale(code: str) -> str:
    """The locale Babel formats with, for one of our language codes."""
    language = BY_CODE.get(code)
    return language.babel if language else code


def text_direction(code: str) -> str:
    return Locale.parse(babel_locale(code)).text_direction


def available(directories: list[Path]) -> tuple[Language, ...]:
    """English, and each language with a compiled catalog in one of `directories`."""
    return tuple(
        language for language in LANGUAGES
        if language.code == DEFAULT
        or any((Path(d) / language.code / "LC_MESSAGES" / "messages.mo").is_file()
               for d in directories)
    )


def offered() -> tuple[Language, ...]:
    """The languages this app offers (fixed when the app starts)."""
    return current_app.extensions["languages"]


def offered_codes() -> list[str]:
    return [language.code for language in offered()]


def is_offered(code: str | None) -> bool:
    return code in offered_codes()


def recipient_language(code: str | None) -> str:
    """A person's preferred language if the portal has its words, otherwise English."""
    return code if is_offered(code) else DEFAULT


# ---- review state ---------------------------------------------------------------

REVIEWED = "reviewed"
_FIELD = re.compile(r"^(state|reviewed by|date|council)\s*:\s*(.+?)\s*$", re.I | re.M)


@dataclass(frozen=True)
class ReviewState:
    reviewed: bool
    reviewed_by: str = ""
    date: str = ""
    council: str = ""


@cache
def review_state(code: str, translations: Path) -> ReviewState:
    """What translations/<code>/REVIEW.md says: reviewed only when it says
    `state: reviewed`; anything else (or no file) is "written by the team"."""
    path = translations / code / "REVIEW.md"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    fields = {key.lower(): value for key, value in _FIELD.findall(text)}
    return ReviewState(
        reviewed=fields.get("state", "").lower() == REVIEWED,
        reviewed_by=fields.get("reviewed by", ""),
        date=fields.get("date", ""),
        council=fields.get("council", ""),
    )


# ---- choosing -------------------------------------------------------------------


SESSION_KEY = "lang"  # parent_session keeps it through sign-in and sign-out
SWITCH = "switch_language"  # a language button inside a form (see base.html)
STAFF_BLUEPRINTS = frozenset({"staff", "interpreter"})  # staff pages stay English


def take_choice() -> None:
    """Before each request: an explicit choice (?lang=xx, or a language button that
    posted a form) becomes the saved choice; a signed-in parent's saved choice is their
    invitation's preferred language (for messages and letters), and without one, the
    invitation's preferred language becomes the saved choice."""
    if request.endpoint == "static" or request.blueprint in STAFF_BLUEPRINTS:
        return
    asked = request.args.get("lang")
    if request.method == "POST" and SWITCH in request.form:
        asked = request.form.get(SWITCH)
        g.language_switch = True  # portal.forms.Form: show the page again, save nothing
    if is_offered(asked):
        session[SESSION_KEY] = asked
    from portal.parent_session import current_invitation

    invitation = current_invitation()
    if invitation is None:
        return
    kept = session.get(SESSION_KEY)
    if is_offered(kept):
        if invitation.preferred_language != kept:
            invitation.preferred_language = kept
    elif is_offered(invitation.preferred_language):
        session[SESSION_KEY] = invitation.preferred_language


def choose_language() -> str:
    """The saved choice (take_choice makes an explicit one the saved one, and fills it
    from a signed-in parent's invitation), then Accept-Language, then English."""
    if request.blueprint in STAFF_BLUEPRINTS:
        return DEFAULT
    kept = session.get(SESSION_KEY)
    if is_offered(kept):
        return kept
    return request.accept_languages.best_match(offered_codes()) or DEFAULT


def switch_url(code: str) -> str:
    """This page in another language: the same path and query, with lang=code. Always
    a path on this site (never a redirect), so it cannot send anyone elsewhere."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return request.path + "?" + urlencode([*args, ("lang", code)])


def choose_locale() -> str:
    return babel_locale(choose_language())


def council_words(text: str | None) -> str:
    """A council profile's words (catalogs.PROFILE_WORDS) in the page's language."""
    return pgettext("council profile", text) if text else ""


# ---- dates, times and left-to-right bits in the page's language ----------------------
# English keeps the house style ("Friday 4 December 2026", "4 December 2026, 14:30");
# every other language gets its locale's own forms from Babel (CLDR).

_ENGLISH = {"full": "EEEE d MMMM yyyy", "long": "d MMMM yyyy", "time": "HH:mm",
            "when": "d MMMM y, HH:mm"}


def _english() -> bool:
    locale = get_locale()
    return locale is None or locale.language == "en"


def full_date(value) -> str:
    """A day with its weekday: "Friday 4 December 2026", "piątek, 4 grudnia 2026"."""
    return format_date(value, _ENGLISH["full"] if _english() else "full")


def long_date(value) -> str:
    return format_date(value, _ENGLISH["long"] if _english() else "long")


def short_time(value, rebase: bool = True) -> str:
    """A clock time (a naive time of day is England's; rebase=False keeps it as is)."""
    return format_time(value, _ENGLISH["time"] if _english() else "short", rebase=rebase)


def date_time(value) -> str:
    """A moment, as the clock in England showed it: "4 December 2026, 14:30"."""
    if _english():
        return format_datetime(value, _ENGLISH["when"])
    glue = str(get_locale().datetime_formats["medium"])  # e.g. "{1}, {0}"
    return glue.replace("{1}", format_date(value, "long")).replace("{0}", format_time(value,
                                                                                      "short"))


def ltr(value) -> Markup:
    """A phone number, reference or code: kept left to right, and isolated, inside
    right-to-left text."""
    return Markup('<span dir="ltr">{}</span>').format(value)


def current() -> Language:
    """The language of the page being rendered."""
    locale = get_locale()
    for language in offered():
        if locale is not None and language.babel == str(locale):
            return language
    return BY_CODE[DEFAULT]


def init_app(app: Flask) -> None:
    translations = app.config.get("PORTAL_TRANSLATIONS") or str(
        Path(app.root_path).parent / "translations"
    )
    directories = [Path(d) for d in translations.split(";")]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = translations
    app.config.setdefault("BABEL_DEFAULT_LOCALE", babel_locale(DEFAULT))
    app.extensions["languages"] = available(directories)
    Babel(app, locale_selector=choose_locale)
    app.before_request(take_choice)

    @app.after_request
    def _vary(response):
        if request.endpoint == "static":
            return response
        # The same address answers in the language the cookie or the browser asks for.
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
        return response
    app.jinja_env.filters.update(
        council_words=council_words, full_date=full_date, long_date=long_date,
        short_time=short_time, date_time=date_time, ltr=ltr,
    )

    @app.context_processor
    def _language():
        language = current()
        return {
            "lang_code": language.tag,
            "lang_dir": language.direction,
            "language": language,
            "languages": offered(),
            "switch_url": switch_url,
        }
