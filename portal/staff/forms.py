"""The staff side's forms: sign-in, second factor, passwords and accounts."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, ValidationError

from portal.forms import Form, PlainText, add_error  # noqa: F401 (re-exported)
from portal.models.staff import Role
from portal.staff_accounts import password_problem


def text(label, max_chars: int, required_message):
    """A one-line free-text field: required, not too long, no control characters."""
    return StringField(
        label, validators=[InputRequired(required_message), PlainText(max_chars, multiline=False)]
    )


class SignInForm(Form):
    email = StringField(
        _l("Email address"),
        validators=[
            InputRequired(_l("Enter your email address")),
            PlainText(254, multiline=False),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(_l("Enter your password")),
            Length(max=200, message=_l("Password must be 200 characters or fewer")),
        ],
    )


class CodeForm(Form):
    code = StringField(
        _l("Code from your authenticator app"),
        validators=[
            InputRequired(_l("Enter the 6-digit code from your authenticator app")),
            Length(max=20, message=_l("Enter the 6-digit code from your authenticator app")),
        ],
    )


class ResetRequestForm(Form):
    email = StringField(
        _l("Email address"),
        validators=[
            InputRequired(_l("Enter your email address")),
            PlainText(254, multiline=False),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
        ],
    )


class NewPasswordForm(Form):
    password = PasswordField(
        _l("New password"), validators=[InputRequired(_l("Enter a new password"))]
    )
    confirm = PasswordField(
        _l("Type the new password again"),
        validators=[InputRequired(_l("Type the new password again"))],
    )

    def validate_password(self, field):
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_confirm(self, field):
        if field.data != self.password.data:
            raise ValidationError(
                _l("The two passwords do not match. Type the same password twice")
            )


ROLE_LABELS = {
    Role.SOCIAL_WORKER: _l("Social worker"),
    Role.MANAGER: _l("Manager or conference chair"),
    Role.INTERPRETER: _l("Interpreter"),
    Role.ADMIN: _l("Administrator"),
}


class AccountForm(NewPasswordForm):
    name = StringField(
        _l("Full name"),
        validators=[
            InputRequired(_l("Enter the person's full name")),
            PlainText(200, multiline=False),
        ],
    )
    email = EmailField(
        _l("Email address"),
        validators=[
            InputRequired(_l("Enter the person's email address")),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            Email(
                message=_l("Enter an email address in the right format, like name@example.org"),
                check_deliverability=False,
            ),
        ],
    )
    phone = StringField(_l("Phone number (optional)"), validators=[PlainText(40, multiline=False)])
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()],
        validators=[DataRequired(_l("Choose a role"))],
    )
    password = PasswordField(
        _l("First password"), validators=[InputRequired(_l("Enter a first password"))]
    )
    confirm = PasswordField(
        _l("Type the first password again"),
        validators=[InputRequired(_l("Type the first password again"))],
    )


class RoleForm(Form):
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()],
        validators=[DataRequired(_l("Choose a role"))],
    )
