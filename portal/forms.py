"""The base form and the validators every free-text field shares.

Every form strips surrounding whitespace, and every message names the field and
says how to put it right, in the user's language.
"""

import unicodedata

import regex
from flask import g
from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

ANSWER_LIMIT = 5000
STALE = "staff_stale_form"  # set on g when a signed-in staff form came with a stale token


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def normalise_newlines(value):
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class Form(FlaskForm):
    """The base form. When the person pressed a language button on a form page
    (portal.i18n: switch_language), it never validates: the view shows the page again
    in the new language with what was typed, and saves nothing."""

    def validate(self, extra_validators=None) -> bool:
        if g.get("language_switch"):
            return False
        return super().validate(extra_validators)

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = [normalise_newlines, _strip, *unbound_field.kwargs.get("filters", [])]
            return unbound_field.bind(form=form, filters=filters, **options)


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


class StaffForm(Form):
    """A staff form. When its page was open so long that the session's CSRF token
    changed, the page shows again with what was typed and one clear message,
    instead of losing it (see portal.access.stale_form)."""

    def validate_on_submit(self, extra_validators=None) -> bool:
        if g.get(STALE):
            first = next((f for f in self if f.type not in ("CSRFTokenField", "HiddenField")), None)
            if first is not None:
                add_error(
                    first,
                    _l(
                        "This page was open too long, so nothing was saved. "
                        "Check what you entered and try again."
                    ),
                )
            return False
        return super().validate_on_submit(extra_validators)
