"""The parent's forms for signing in, the passphrase, and Continue, Send and Sign out.
Every message names the field and says how to put it right. The parent's pages fill
them in; the interpreter's side by side shows them, read-only."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, ValidationError

from portal.forms import Form, PlainText, visible_length


class SignInForm(Form):
    secret = StringField(
        _l("Access code or passphrase"),
        validators=[
            DataRequired(_l("Enter the access code from your letter, or your passphrase")),
            PlainText(max_chars=200, multiline=False),
        ],
    )


class PassphraseForm(Form):
    passphrase = PasswordField(
        _l("New passphrase"),
        validators=[
            DataRequired(_l("Enter a passphrase")),
            PlainText(max_chars=200, multiline=False),
        ],
    )
    confirm = PasswordField(
        _l("Type your passphrase again"),
        validators=[
            DataRequired(_l("Type your passphrase again")),
            EqualTo("passphrase", _l("The two passphrases are not the same. Type them again.")),
        ],
    )

    def validate_passphrase(self, field):
        text = field.data or ""
        words = text.split()
        if visible_length(text) < 12 and (len(words) < 3 or visible_length(text) < 8):
            raise ValidationError(
                _l("Your passphrase is too short. Use at least 12 characters, or 3 words or more.")
            )
        if not any(ch.isalpha() for ch in text):
            raise ValidationError(_l("Use words in your passphrase, not only numbers."))


class EmptyForm(Form):
    """A form with only its CSRF token: Continue, Send, Sign out."""
