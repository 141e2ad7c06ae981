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


def text_direction(code: str) -> str:
    return Locale.parse(code).text_direction


def choose_locale() -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
        return asked
    kept = session.get("lang")
    if kept in LANGUAGES:
        return kept
    return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=choose_locale)

    @app.context_processor
    def _language():
        from flask_babel import get_locale

        code = str(get_locale() or DEFAULT)
        return {"lang_code": code, "lang_dir": text_direction(code), "languages": LANGUAGES}
