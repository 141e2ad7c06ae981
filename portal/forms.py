"""The base form and the validators every free-text field shares.

Every form strips surrounding whitespace, and every message names the field and
says how to put it right, in the user's language.
"""

import unicodedata
from collections.abc import Callable

import regex
from flask import Response, current_app, g, has_app_context, make_response, request
from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import ValidationError

from portal.questions import Page

ANSWER_LIMIT = 5000
STALE = "stale_form"  # set on g while a view runs again for a form whose token went stale
STALE_MESSAGE = _l(
    "This page was not saved yet, because it was open too long. What you typed is below. "
    "Check it and press the button again."
)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def normalise_newlines(value):
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class Form(FlaskForm):
    """Every form of the portal, parent's and staff's alike. It never validates, and
    so saves nothing, in two cases where the view shows the page again with what was
    typed:

    - the person pressed a language button on a form page (portal.i18n:
      switch_language): the page comes back in the new language;
    - a view runs again for a stale form (`rerender_unsaved`): its forms take no CSRF
      token (the request's was already judged stale; `form_open` writes a fresh one)
      and show what was typed, its problems, and STALE_MESSAGE in the error summary.
    """

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = [normalise_newlines, _strip, *unbound_field.kwargs.get("filters", [])]
            return unbound_field.bind(form=form, filters=filters, **options)

    def __init__(self, *args, **kwargs):
        if is_stale():
            kwargs["meta"] = {**kwargs.get("meta", {}), "csrf": False}
        super().__init__(*args, **kwargs)

    def validate(self, extra_validators=None) -> bool:
        if g.get("language_switch"):
            return False
        valid = super().validate(extra_validators)
        if is_stale():
            if STALE_MESSAGE not in self.form_errors:
                self.form_errors.append(STALE_MESSAGE)
            return False
        return valid


# ---- forms whose token went stale ---------------------------------------------------
#
# One mechanism for parent and staff pages. A view marked @rerender_when_stale is
# safe to run again after a stale token: its POST saves nothing unless its form
# validates (or, like signing out, is safe anyway). Each area decides whether the
# person is still signed in (portal.parent_session.stale_form_response,
# portal.access.stale_form) and then calls rerender_unsaved().


def rerender_when_stale(view: Callable) -> Callable:
    view.rerender_when_stale = True
    return view


def is_stale() -> bool:
    return has_app_context() and bool(g.get(STALE))


def rerender_unsaved() -> Response | None:
    """Run this POST's view again as a stale form: the page with what was typed, a fresh
    token and the reason, answered 400; nothing saved. None if the view is not marked."""
    view = current_app.view_functions.get(request.endpoint or "")
    if request.method != "POST" or not getattr(view, "rerender_when_stale", False):
        return None
    g.setdefault(STALE, True)
    response = make_response(view(**(request.view_args or {})))
    if response.status_code < 300:
        response.status_code = 400
    return response


def visible_length(text: str) -> int:
    """Characters as a person counts them: an emoji with skin tone is one, a new line is one."""
    return len(regex.findall(r"\X", text))


class PlainText:
    """Free text a person typed: not too long, and no invisible control characters.

    Invalid UTF-8 reaches us as U+FFFD (the replacement character); we say so
    rather than keep a corrupted answer.
    """

    def __init__(self, max_chars: int = ANSWER_LIMIT, multiline: bool = True):
        self.max_chars = max_chars
        self.multiline = multiline

    def __call__(self, form, field):
        text = field.data or ""
        allowed = {"\n", "\t"} if self.multiline else set()
        if "\ufffd" in text:
            raise ValidationError(
                _l("%(label)s contains characters we could not read. Retype them and try again.",
                   label=field.label.text)
            )
        if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
            raise ValidationError(
                _l("%(label)s contains hidden control characters. Remove them and try again.",
                   label=field.label.text)
            )
        length = visible_length(text)
        if length > self.max_chars:
            raise ValidationError(
                _l("%(label)s must be %(max)s characters or fewer. You have written %(count)s.",
                   label=field.label.text, max=format_number(self.max_chars),
                   count=format_number(length))
            )


def add_error(field, message: str) -> None:
    """Show a problem found after validation (wrong password, taken email) on a field."""
    field.errors = [*field.errors, message]


def views_form(page: Page, formdata=None, data: dict | None = None) -> Form:
    """The form of one "Your views" page, one box per question (the parent fills it in;
    the interpreter's side-by-side view shows it read-only)."""

    class ViewsForm(Form):
        pass

    for question in page.questions:
        setattr(ViewsForm, question.key, TextAreaField(question.label, validators=[PlainText()]))
    return ViewsForm(formdata=formdata, data=data or {})
