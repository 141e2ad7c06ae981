"""The one form an interpreter fills in: the English of one answer."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired

from portal.forms import Form, PlainText

RENDERING_LIMIT = 10000  # English often runs longer than the words it renders


class RenderingForm(Form):
    english = TextAreaField(
        _l("English rendering"),
        validators=[
            DataRequired(_l("Enter the English rendering of what the parent wrote")),
            PlainText(RENDERING_LIMIT),
        ],
    )
    # The version the interpreter read, and the revision of its English when the page
    # opened: a newer version, or someone else's save, is noticed (portal.renderings).
    version = HiddenField()
    revision = HiddenField()

    def numbers(self) -> tuple[int, int] | None:
        try:
            return int(self.version.data), int(self.revision.data)
        except (TypeError, ValueError):
            return None
