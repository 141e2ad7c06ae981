"""Forms for conferences, children, invitations and interpreters."""

import re
from datetime import date, datetime, time, timedelta

from babel import Locale, UnknownLocaleError
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from portal import clock
from portal.i18n import LANGUAGES as PORTAL_LANGUAGES
from portal.staff.forms import Form, text

# Languages families most often need in English children's services, besides the
# portal's own; a parent's preferred language is recorded even where the portal has
# no translation yet, so an interpreter can be arranged.
COMMON_LANGUAGES = [
    "en",
    "ar",
    "bn",
    "cy",
    "es",
    "fa",
    "fr",
    "gu",
    "hi",
    "ku",
    "lt",
    "pa",
    "pl",
    "ps",
    "pt",
    "ro",
    "ru",
    "so",
    "sq",
    "ta",
    "ti",
    "tr",
    "uk",
    "ur",
    "vi",
    "zh",
]


def language_choices() -> list[SelectChoice]:
    codes = list(dict.fromkeys([*(lang.code for lang in PORTAL_LANGUAGES), *COMMON_LANGUAGES]))
    choices = []
    for code in codes:
        try:
            locale = Locale.parse(code)
            own, english = locale.get_display_name(locale), locale.get_display_name("en")
        except (UnknownLocaleError, ValueError):
            own = english = code
        label = english if own == english else f"{english} ({own})"
        choices.append(SelectChoice(code, label))
    return [choices[0], *sorted(choices[1:], key=lambda c: c.label)]


def parse_date(value: str) -> date | None:
    value = (value or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def parse_time(value: str) -> time | None:
    match = re.fullmatch(r"\s*(\d{1,2})[:.]?(\d{2})\s*", value or "")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def normalise_mobile(value: str) -> str | None:
    """A mobile number in international form (+447700900982), or None if it cannot be one."""
    digits = re.sub(r"[\s().-]", "", value or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"07\d{9}", digits):
        return "+44" + digits[1:]
    if re.fullmatch(r"\+447\d{9}", digits):
        return digits
    if re.fullmatch(r"\+(?!44)[1-9]\d{7,14}", digits):
        return digits
    return None


class ConferenceForm(Form):
    kind = RadioField(
        _l("Type of conference"),
        choices=[
            SelectChoice("initial", _l("Initial conference")),
            SelectChoice("review", _l("Review conference")),
        ],
        validators=[InputRequired(_l("Choose whether this is an initial or a review conference"))],
    )
    starts_on = StringField(
        _l("Date"), validators=[InputRequired(_l("Enter the date of the conference"))]
    )
    starts_at = StringField(
        _l("Start time"), validators=[InputRequired(_l("Enter the time the conference starts"))]
    )
    place = text(_l("Place"), 500, _l("Enter where the conference will be held"))
    chair_name = text(_l("Chair's name"), 200, _l("Enter the name of the chair"))
    social_worker_id = SelectField(_l("Allocated social worker"), coerce=str, validate_choice=False)

    def __init__(self, *args, social_workers=(), creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.creating = creating
        self.social_worker_id.choices = [SelectChoice("", _l("Not allocated yet"))] + [
            SelectChoice(str(user.id), user.name) for user in social_workers
        ]

    def validate_starts_on(self, field):
        day = parse_date(field.data)
        if day is None:
            raise ValidationError(
                _l("Enter the date of the conference as a real date, like 27/03/2027")
            )
        if self.creating and day < clock.today():
            raise ValidationError(_l("The date of the conference must be today or in the future"))
        if day > clock.today() + timedelta(days=2 * 366) or day.year < 2000:
            raise ValidationError(
                _l("The date of the conference must be within the next two years")
            )
        self.date_value = day

    def validate_starts_at(self, field):
        value = parse_time(field.data)
        if value is None:
            raise ValidationError(_l("Enter the start time in 24-hour form, like 10:00 or 14:30"))
        self.time_value = value

    def validate_social_worker_id(self, field):
        allowed = {choice.value for choice in field.choices}
        if (field.data or "") not in allowed:
            raise ValidationError(_l("Choose a social worker from the list"))

    def values(self) -> dict:
        return {
            "kind": self.kind.data,
            "starts_on": self.date_value,
            "starts_at": self.time_value,
            "place": self.place.data,
            "chair_name": self.chair_name.data,
            "social_worker_id": int(self.social_worker_id.data)
            if self.social_worker_id.data
            else None,
        }


class ChildForm(Form):
    first_name = text(_l("Child's first name"), 100, _l("Enter the child's first name"))
    age = StringField(_l("Age in years"), validators=[InputRequired(_l("Enter the child's age"))])

    def validate_age(self, field):
        if not re.fullmatch(r"\d{1,2}", field.data or "") or int(field.data) > 17:
            raise ValidationError(_l("Enter the child's age as a whole number from 0 to 17"))
        self.age_value = int(field.data)


class InviteForm(Form):
    name = text(
        _l("Full name of the parent or carer"), 200, _l("Enter the parent's or carer's full name")
    )
    preferred_language = SelectField(_l("Preferred language"), validate_choice=False)
    email = StringField(_l("Email address"))
    mobile = StringField(_l("Mobile phone number"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preferred_language.choices = language_choices()

    def validate_preferred_language(self, field):
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose a language from the list"))

    def validate_email(self, field):
        if not field.data:
            if not self.mobile.data:
                raise ValidationError(
                    _l("Enter an email address or a mobile phone number, or both")
                )
            return
        if len(field.data) > 254:
            raise ValidationError(_l("Email address must be 254 characters or fewer"))
        try:
            checked = validate_email(field.data, check_deliverability=False)
        except EmailNotValidError as exc:
            raise ValidationError(
                _l("Enter an email address in the right format, like name@example.org")
            ) from exc
        field.data = checked.normalized

    def validate_mobile(self, field):
        if not field.data:
            return
        number = normalise_mobile(field.data) if len(field.data) <= 40 else None
        if number is None:
            raise ValidationError(
                _l("Enter a mobile phone number, like 07700 900982 or +44 7700 900982")
            )
        field.data = number


class InterpreterForm(Form):
    interpreter_id = SelectField(_l("Interpreter"), validate_choice=False)

    def __init__(self, *args, interpreters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.interpreter_id.choices = [SelectChoice(str(u.id), u.name) for u in interpreters]

    def validate_interpreter_id(self, field):
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose an interpreter from the list"))


class MinutesSentForm(Form):
    """The date the minutes and plan were sent to the family (it starts the time to
    complain). Not before the conference, not in the future; it can be corrected."""

    minutes_sent_on = StringField(
        _l("Date the minutes and plan were sent to the family"),
        validators=[InputRequired(_l("Enter the date the minutes and plan were sent"))],
    )

    def __init__(self, *args, conference_on: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference_on = conference_on

    def validate_minutes_sent_on(self, field):
        if not (field.data or "").strip():
            raise ValidationError(_l("Enter the date the minutes and plan were sent"))
        day = parse_date(field.data) if len(field.data or "") <= 40 else None
        if day is None:
            raise ValidationError(
                _l("Enter the date the minutes were sent as a real date, like 27/03/2027")
            )
        if day < self.conference_on:
            raise ValidationError(
                _l("The date the minutes were sent cannot be before the conference")
            )
        if day > clock.today():
            raise ValidationError(_l("The date the minutes were sent cannot be in the future"))
        self.date_value = day
