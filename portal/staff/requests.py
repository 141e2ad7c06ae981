"""The social worker's follow-through on what families asked for: every request with
its age, and arranging, declining (with the reason) or asking for a conversation.
Also the dashboard's "open requests" fact."""

from datetime import UTC, datetime

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from portal import requests_data as data
from portal.access import CASEWORK, current_staff, rule
from portal.audit import record_view
from portal.forms import Form, PlainText
from portal.models.requests import RequestState
from portal.staff import bp

NOTE_LIMIT = 1000


class DecisionForm(Form):
    state = RadioField(
        _l("What has happened?"),
        choices=[SelectChoice(s.value, data.STAFF_STATES[s]) for s in data.DECISIONS],
        validate_choice=False,
        validators=[DataRequired(_l("Choose arranged, declined or needs a conversation"))],
    )
    note = TextAreaField(
        _l("Note for the parent"),
        validators=[PlainText(NOTE_LIMIT)],
    )

    def validate_state(self, field):
        if field.data not in {s.value for s in data.DECISIONS}:
            raise ValidationError(_l("Choose arranged, declined or needs a conversation"))

    def validate_note(self, field):
        if self.state.data == RequestState.DECLINED.value and not (field.data or "").strip():
            raise ValidationError(
                _l("Enter the reason it cannot be arranged. The parent will see it.")
            )


def _age(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return format_timedelta(moment - datetime.now(UTC), granularity="hour", add_direction=True)


@bp.get("/conferences/<int:conference_id>/requests")
@rule(*CASEWORK, conference=True)
def requests(conference_id: int):
    conference = g.conference
    user = current_staff()
    items = data.for_conference(conference)
    for invitation in {item.invitation.id: item.invitation for item in items}.values():
        record_view(user, "viewed_requests", conference, invitation)
    return render_template(
        "staff/requests.html",
        conference=conference,
        items=items,
        open_items=[i for i in items if i.state in data.OPEN],
        urgent=data.is_urgent(conference),
        urgent_days=data.URGENT_WORKING_DAYS,
        states=data.STAFF_STATES,
        describe=data.describe,
        title=data.title,
        age=_age,
    )


@bp.route("/conferences/<int:conference_id>/requests/<int:request_id>", methods=["GET", "POST"])
@rule(*CASEWORK, conference=True)
def request_respond(conference_id: int, request_id: int):
    conference = g.conference
    user = current_staff()
    item = data.get_for_conference(conference, request_id)
    if item is None:
        abort(404)
    can_decide = item.state != RequestState.WITHDRAWN
    if request.method == "POST":
        form = DecisionForm()
    else:
        current = item.state.value if item.state in data.DECISIONS else None
        form = DecisionForm(data={"state": current, "note": item.staff_note})
    if can_decide and form.validate_on_submit():
        data.decide(item, user, RequestState(form.state.data), form.note.data or "")
        flash(_("Saved. The parent will see this on their task list, and has been sent a "
                "message to sign in."), "success")
        return redirect(url_for("staff.requests", conference_id=conference.id))
    record_view(user, "viewed_request", conference, item.invitation)
    return render_template(
        "staff/request_respond.html",
        conference=conference,
        item=item,
        can_decide=can_decide,
        state=data.STAFF_STATES[item.state],
        words=data.describe(item.kind, item.details),
        title=data.title(item.kind),
        age=_age(item.sent_at),
        urgent=data.is_urgent(conference) and item.state in data.OPEN,
        urgent_days=data.URGENT_WORKING_DAYS,
        parent_reachable=bool(item.invitation.email),
        form=form,
    )
