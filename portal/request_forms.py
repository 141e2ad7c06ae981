"""The questions for each kind of request. Every message names the field and says
how to put it right; nothing a parent typed is thrown away when one answer is wrong.
The parent's request pages fill them in; the interpreter's side by side shows them,
read-only."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from portal import languages_list
from portal import requests_data as data
from portal.forms import Form, PlainText
from portal.models.requests import RequestKind

NOTE_LIMIT = 1000
SHORT_LIMIT = 200
MAX_CHILDREN = 12


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes; rendered by the `checkboxes` macro. OneOf below gives our own message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, validate_choice=False, **kwargs)


class OneOf:
    """The value (or every value) is one of the field's choices."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        allowed = {choice.value for choice in field.choices}
        values = field.data if isinstance(field.data, list) else [field.data]
        if not values or any(v not in allowed for v in values):
            raise ValidationError(self.message)


def _choices(options: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in options.items()]


def _radio(label, options, message, **kw) -> RadioField:
    return RadioField(
        label,
        choices=_choices(options),
        validate_choice=False,
        validators=[DataRequired(message), OneOf(message)],
        **kw,
    )


def _checkboxes(label, options, message) -> MultiCheckboxField:
    return MultiCheckboxField(label, choices=_choices(options), validators=[OneOf(message)])


def _notes(label, limit=NOTE_LIMIT) -> TextAreaField:
    return TextAreaField(label, validators=[PlainText(limit)])


def _required_if(form, field, condition: bool, message) -> None:
    if condition and not (field.data or "").strip():
        raise ValidationError(message)


class RequestForm(Form):
    kind: RequestKind

    def details(self) -> dict:
        """The answers to store, without empty ones."""
        found = {}
        for name in self._detail_fields():
            value = getattr(self, name).data
            if isinstance(value, str):
                value = value.strip()
            if value not in (None, "", []):
                found[name] = value
        return found

    def _detail_fields(self) -> list[str]:
        return [f.name for f in self if f.name != "csrf_token"]

    @classmethod
    def with_details(cls, details: dict, formdata=None):
        data = dict(details)
        if "language" in data:
            data["language"] = languages_list.label(data["language"])
        return cls(formdata=formdata, data=data)


class InterpreterForm(RequestForm):
    kind = RequestKind.INTERPRETER
    language = StringField(
        _l("Which language do you need?"),
        validators=[
            DataRequired(_l("Enter the language you need")),
            PlainText(SHORT_LIMIT, multiline=False),
        ],
    )
    language_notes = StringField(
        _l("Dialect or anything else we should know (optional)"),
        validators=[PlainText(SHORT_LIMIT, multiline=False)],
    )
    translate_documents = _radio(
        _l("Do you also want papers, like the report, translated?"),
        data.YES_NO,
        _l("Choose yes if you want papers translated too, or no if you do not"),
    )

    def validate_language(self, field):
        found = languages_list.find(field.data)
        if found is None:
            raise ValidationError(
                _l(
                    "We do not know that language. Choose one from the list, or choose "
                    "'Another language' and tell us which in the next box."
                )
            )
        self._language_code = found.code

    def validate_language_notes(self, field):
        _required_if(
            self,
            field,
            getattr(self, "_language_code", "") == languages_list.OTHER,
            _l("Tell us which language you need"),
        )

    def details(self) -> dict:
        found = super().details()
        found["language"] = self._language_code
        return found


class ChildcareForm(RequestForm):
    kind = RequestKind.CHILDCARE
    children = StringField(
        _l("How many children need looking after?"),
        validators=[
            DataRequired(_l("Enter how many children need looking after, like 2")),
            PlainText(10, multiline=False),
        ],
    )
    ages = StringField(
        _l("How old are they?"),
        validators=[
            DataRequired(_l("Enter how old the children are")),
            PlainText(SHORT_LIMIT, multiline=False),
        ],
    )
    notes = _notes(_l("Anything else we should know (optional)"))

    def validate_children(self, field):
        text = (field.data or "").strip()
        if not text.isdecimal() or not text.isascii():
            raise ValidationError(_l("Enter how many children as a number, like 2"))
        if not 1 <= int(text) <= MAX_CHILDREN:
            raise ValidationError(
                _l("Enter a number of children from 1 to %(max)s", max=MAX_CHILDREN)
            )

    def details(self) -> dict:
        found = super().details()
        found["children"] = int(found["children"])
        return found


class SupporterForm(RequestForm):
    kind = RequestKind.SUPPORTER
    name = StringField(
        _l("Their name"),
        validators=[
            DataRequired(_l("Enter the name of the person you want to bring")),
            PlainText(SHORT_LIMIT, multiline=False),
        ],
    )
    relationship = _radio(
        _l("Who are they?"),
        data.RELATIONSHIPS,
        _l("Choose who the person is, for example a friend"),
    )
    notes = _notes(_l("Anything else we should know (optional)"))


class TravelForm(RequestForm):
    kind = RequestKind.TRAVEL
    needs = _checkboxes(
        _l("What help do you need?"),
        data.TRAVEL_NEEDS,
        _l("Choose at least one kind of help"),
    )
    notes = _notes(_l("Tell us more (optional)"))


class AccessForm(RequestForm):
    kind = RequestKind.ACCESS
    needs = _checkboxes(
        _l("What do you need?"),
        data.ACCESS_NEEDS,
        _l("Choose at least one thing you need"),
    )
    notes = _notes(_l("Tell us more"))

    def validate_notes(self, field):
        _required_if(
            self, field, "other" in (self.needs.data or []), _l("Tell us what else you need")
        )


class FormatForm(RequestForm):
    kind = RequestKind.FORMAT
    formats = _checkboxes(
        _l("Which formats do you need?"),
        data.FORMATS,
        _l("Choose at least one format"),
    )
    language = StringField(
        _l("Which language should the report be in?"),
        validators=[PlainText(SHORT_LIMIT, multiline=False)],
    )
    notes = _notes(_l("Tell us more (optional)"))

    def validate_language(self, field):
        self._language_code = None
        if not (field.data or "").strip():
            _required_if(
                self,
                field,
                "translated" in (self.formats.data or []),
                _l("Enter the language you want the report in"),
            )
            return
        found = languages_list.find(field.data)
        if found is None:
            raise ValidationError(
                _l(
                    "We do not know that language. Choose one from the list, or choose "
                    "'Another language' and tell us which under 'Tell us more'."
                )
            )
        self._language_code = found.code

    def details(self) -> dict:
        found = super().details()
        if getattr(self, "_language_code", None):
            found["language"] = self._language_code
        return found


class CannotAttendForm(RequestForm):
    kind = RequestKind.CANNOT_ATTEND
    choice = _radio(
        _l("What would you like to happen?"),
        data.CANNOT_ATTEND,
        _l("Choose what you would like to happen"),
    )
    notes = _notes(_l("Tell us more"))

    def validate_notes(self, field):
        if self.choice.data == "move_date":
            _required_if(self, field, True, _l("Tell us why you need a different date"))
        if self.choice.data == "representative":
            _required_if(
                self, field, True, _l("Tell us who will come for you and how you know them")
            )


class OtherForm(RequestForm):
    kind = RequestKind.OTHER
    notes = TextAreaField(
        _l("What do you need?"),
        validators=[DataRequired(_l("Tell us what you need")), PlainText(NOTE_LIMIT)],
    )


FORMS: dict[RequestKind, type[RequestForm]] = {
    form.kind: form
    for form in (
        InterpreterForm,
        ChildcareForm,
        SupporterForm,
        TravelForm,
        AccessForm,
        FormatForm,
        CannotAttendForm,
        OtherForm,
    )
}


class DoneForm(Form):
    """Only the CSRF token: "I have asked for everything I need"."""


class WithdrawForm(Form):
    """Only the CSRF token: "Yes, withdraw it"."""
