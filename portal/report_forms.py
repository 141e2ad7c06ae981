"""The parent's forms about the report: one section's agreement and comment, and the
general comment. The parent's report pages fill them in; the interpreter's side by side
shows them, read-only."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from portal import report_comments
from portal.forms import Form, PlainText


class SectionForm(Form):
    agreement = RadioField(
        _l("Do you agree with this part of the report?"),
        choices=[SelectChoice(value, label) for value, label in report_comments.AGREEMENTS.items()],
        validate_choice=False,
    )
    comment = TextAreaField(_l("Your comment"), validators=[PlainText()])

    def validate_agreement(self, field):
        if field.data and field.data not in report_comments.AGREEMENTS:
            raise ValidationError(_l("Choose I agree, I partly agree or I disagree"))


class GeneralForm(Form):
    comment = TextAreaField(report_comments.GENERAL_LABEL, validators=[PlainText()])
