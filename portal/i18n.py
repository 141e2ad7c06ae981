"""Which language a page is in, and which way its text runs.

Order of choice: an explicit ?lang=, then the session, then the browser's
Accept-Language, then English; always one we have a catalog for.
"""

from babel import Locale
from flask import Flask, request, session
from flask_babel import Babel

# Code -> the language's name in its own script. English first; the rest by code.
LANGUAGES: dict[str, str] = {
    "en": "English",
}

DEFAULT = "en"

# Babel formats dates and numbers by region: our English is British English
# ("Friday 4 December 2026", not "Friday, December 4, 2026").
FORMAT_LOCALES: dict[str, str] = {"en": "en_GB"}


def babel_locale(code: str) -> str:
    """The locale Babel formats with, for one of our language codes."""
    return FORMAT_LOCALES.get(code, code)


def html_lang(locale: Locale) -> str:
    """A BCP 47 tag for <html lang>: en_GB -> en-GB."""
    return "-".join(part for part in (locale.language, locale.script, locale.territory) if part)


def text_direction(code: str) -> str:
    return Locale.parse(code).text_direction


def choose_language() -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
        return asked
    kept = session.get("lang")
    if kept in LANGUAGES:
        return kept
    return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT


def choose_locale() -> str:
    return babel_locale(choose_language())


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", babel_locale(DEFAULT))
    Babel(app, locale_selector=choose_locale)

    @app.context_processor
    def _language():
        from flask_babel import get_locale

        locale = get_locale() or Locale.parse(babel_locale(DEFAULT))
        return {
            "lang_code": html_lang(locale),
            "lang_dir": locale.text_direction,
            "languages": LANGUAGES,
        }
