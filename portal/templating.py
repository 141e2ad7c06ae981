"""What every template can use: the council profile, the static file version, filters."""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, url_for
from jinja2 import pass_context, pass_eval_context
from jinja2.nodes import EvalContext

from portal.sanitize import BIDI_CONTROLS, form_value, isolate, plain_line


@lru_cache(maxsize=32)
def _file_version(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def static_url(filename: str) -> str:
    """A static file's URL with its content hash, so it can be cached for a year."""
    full = Path(current_app.static_folder) / filename
    return url_for("static", filename=filename, v=_file_version(str(full)))


@pass_eval_context
def isolate_free_text(eval_ctx: EvalContext, value: object) -> object:
    """Every `{{ value }}` in an HTML template: plain text carrying bidi controls is put
    in <bdi> (sanitize.isolate), wherever free text is shown, so no template can forget.
    Markup (our own HTML, form fields) passes as it is. A place that takes no markup
    (<title>, <option>, <textarea>) uses `|plain_line` or `|e` instead."""
    if eval_ctx.autoescape and type(value) is str and BIDI_CONTROLS.search(value):
        return isolate(value)
    return value


def _isolating(translate):
    """A template's gettext whose str values (`_("… %(name)s", name=…)`) go in isolated
    too: Jinja escapes them itself, so they never reach the finalize hook above."""

    @pass_context
    def wrapped(context, *args, **variables):
        if context.eval_ctx.autoescape:
            variables = {
                key: isolate(value) if type(value) is str else value
                for key, value in variables.items()
            }
        return translate(context, *args, **variables)

    return wrapped


def init_app(app: Flask) -> None:
    if app.debug:
        _file_version.cache_clear()
    app.jinja_env.finalize = isolate_free_text
    app.jinja_env.filters["plain_line"] = plain_line
    app.jinja_env.filters["form_value"] = form_value
    for name in ("gettext", "ngettext", "pgettext", "npgettext"):
        if name in app.jinja_env.globals:
            app.jinja_env.globals[name] = _isolating(app.jinja_env.globals[name])

    @app.context_processor
    def _globals():
        return {
            "profile": app.extensions["profile"],
            "static_url": static_url,
            "leave_site_url": app.config["LEAVE_SITE_URL"],
        }
