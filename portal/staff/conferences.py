"""The staff dashboard and conference pages: create, edit, children, interpreters."""

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal import conferences as data
from portal import dashboard as listing
from portal import requests_data, timeliness
from portal.access import CASEWORK, current_staff, rule
from portal.audit import record_view
from portal.forms import rerender_when_stale
from portal.keydates import key_dates
from portal.models.conference import ConferenceKind
from portal.models.staff import Role
from portal.sanitize import sentence
from portal.staff import bp
from portal.staff.conference_forms import (
    ChildForm,
    ConferenceForm,
    InterpreterForm,
    MinutesSentForm,
)


@bp.get("/")
@rule()
def dashboard():
    user = current_staff()
    if user.role == Role.ADMIN:
        return redirect(url_for("staff.accounts"))
    workers = data.social_workers(user.council_id) if user.role == Role.MANAGER else []
    view = request.args.get("show", "upcoming")
    worker_id = request.args.get("worker", type=int) if workers else None
    problem = None
    if view not in listing.VIEWS:
        view, problem = "upcoming", _("There is no such list. Showing upcoming conferences.")
    if worker_id is not None and worker_id not in {w.id for w in workers}:
        worker_id, problem = None, _("There is no such social worker. Showing everyone's.")
    chosen = listing.Filter(view, worker_id, request.args.get("page", 1, type=int))
    return render_template(
        "staff/dashboard.html",
        found=listing.dashboard_page(user, chosen),
        chosen=chosen,
        workers=workers,
        problem=problem,
        # The late list can only count conferences whose kind has a report timescale.
        no_timescale=bool(timeliness.missing_kinds()) if view == "late" else False,
        urgent_working_days=requests_data.URGENT_WORKING_DAYS,
    )


@bp.route("/conferences/new", methods=["GET", "POST"])
@rule(*CASEWORK)
@rerender_when_stale
def new_conference():
    user = current_staff()
    form = ConferenceForm(social_workers=data.social_workers(user.council_id), creating=True)
    if request.method == "GET" and user.role == Role.SOCIAL_WORKER:
        form.social_worker_id.data = str(user.id)
    if form.validate_on_submit():
        values = form.values()
        conference = data.create_conference(
            council_id=user.council_id, kind=ConferenceKind(values.pop("kind")), **values
        )
        if not data.can_see(user, conference):
            flash(
                _(
                    "Conference saved. It is allocated to another social worker, "
                    "so it is not in your list."
                ),
                "success",
            )
            return redirect(url_for("staff.dashboard"))
        flash(
            _("Conference saved. Now add the children and invite the parents or carers."), "success"
        )
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/conference_form.html", form=form, conference=None)


@bp.get("/conferences/<int:conference_id>")
@rule(*CASEWORK, Role.INTERPRETER, conference=True)
def conference(conference_id: int):
    user = current_staff()
    conference = g.conference
    record_view(user, "viewed_conference", conference)
    minutes_form = None
    if user.role in CASEWORK:
        minutes_form = MinutesSentForm(conference_on=conference.starts_on)
        if conference.minutes_sent_on:
            minutes_form.minutes_sent_on.data = conference.minutes_sent_on.isoformat()
    return _conference_page(conference, minutes_form)


def _conference_page(conference, minutes_form):
    user = current_staff()
    data.load_for_page(conference)
    interpreter_form = None
    if user.role in CASEWORK:
        assigned = {u.id for u in data.assigned_interpreters(conference)}
        available = [u for u in data.interpreters(conference.council_id) if u.id not in assigned]
        interpreter_form = InterpreterForm(interpreters=available) if available else None
    profile = current_app.extensions["profile"]
    return render_template(
        "staff/conference.html",
        conference=conference,
        can_edit=user.role in CASEWORK,
        interpreter_form=interpreter_form,
        minutes_form=minutes_form,
        form=minutes_form,
        key_dates=key_dates(
            conference.kind.value,
            conference.starts_on,
            conference.minutes_sent_on,
            profile.timescales,
        ),
    )


@bp.post("/conferences/<int:conference_id>/minutes-sent")
@rule(*CASEWORK, conference=True)
@rerender_when_stale
def minutes_sent(conference_id: int):
    """Record or correct the date the minutes and plan were sent to the family. A
    problem shows the conference page again with the message and what was typed."""
    conference = g.conference
    form = MinutesSentForm(conference_on=conference.starts_on)
    if form.validate_on_submit():
        data.record_minutes_sent(conference, form.date_value)
        flash(_("Date the minutes were sent saved."), "success")
        return redirect(url_for("staff.conference", conference_id=conference.id) + "#minutes")
    return _conference_page(conference, form)


@bp.route("/conferences/<int:conference_id>/edit", methods=["GET", "POST"])
@rule(*CASEWORK, conference=True)
@rerender_when_stale
def edit_conference(conference_id: int):
    user = current_staff()
    conference = g.conference
    workers = data.social_workers(conference.council_id)
    if conference.social_worker and conference.social_worker not in workers:
        workers.append(conference.social_worker)  # keep a deactivated worker choosable
    form = ConferenceForm(social_workers=workers)
    if request.method == "GET":
        form.kind.data = conference.kind.value
        form.starts_on.data = conference.starts_on.isoformat()
        form.starts_at.data = conference.starts_at.strftime("%H:%M")
        form.place.data = conference.place
        form.chair_name.data = conference.chair_name
        form.social_worker_id.data = str(conference.social_worker_id or "")
    if form.validate_on_submit():
        values = form.values()
        values["kind"] = ConferenceKind(values["kind"])
        data.update_conference(conference, **values)
        if not data.can_see(user, conference):
            flash(_("Conference saved. It is now allocated to another social worker."), "success")
            return redirect(url_for("staff.dashboard"))
        flash(_("Conference details saved."), "success")
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/conference_form.html", form=form, conference=conference)


@bp.route("/conferences/<int:conference_id>/children/add", methods=["GET", "POST"])
@rule(*CASEWORK, conference=True)
@rerender_when_stale
def add_child(conference_id: int):
    conference = g.conference
    form = ChildForm()
    if form.validate_on_submit():
        data.add_child(conference, form.first_name.data, form.age_value)
        flash(sentence(_("%(name)s added."), name=form.first_name.data), "success")
        if request.form.get("next") == "another":
            return redirect(url_for("staff.add_child", conference_id=conference.id))
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/child_form.html", form=form, conference=conference)


@bp.post("/conferences/<int:conference_id>/children/<int:child_id>/remove")
@rule(*CASEWORK, conference=True)
def remove_child(conference_id: int, child_id: int):
    if not data.remove_child(g.conference, child_id):
        return render_template("errors/404.html", code=404), 404
    flash(_("Child removed from this conference."), "success")
    return redirect(url_for("staff.conference", conference_id=conference_id))


@bp.post("/conferences/<int:conference_id>/interpreters")
@rule(*CASEWORK, conference=True)
def assign_interpreter(conference_id: int):
    conference = g.conference
    form = InterpreterForm(interpreters=data.interpreters(conference.council_id))
    if form.validate_on_submit():
        interpreter = next(
            u
            for u in data.interpreters(conference.council_id)
            if str(u.id) == form.interpreter_id.data
        )
        data.assign_interpreter(conference, interpreter)
        flash(
            sentence(_("%(name)s can now see this conference."), name=interpreter.name),
            "success",
        )
    else:
        flash(_("Choose an interpreter from the list."), "error")
    return redirect(url_for("staff.conference", conference_id=conference.id) + "#interpreters")


@bp.post("/conferences/<int:conference_id>/interpreters/<int:staff_id>/remove")
@rule(*CASEWORK, conference=True)
def unassign_interpreter(conference_id: int, staff_id: int):
    if not data.unassign_interpreter(g.conference, staff_id):
        return render_template("errors/404.html", code=404), 404
    flash(_("The interpreter can no longer see this conference."), "success")
    return redirect(url_for("staff.conference", conference_id=conference_id) + "#interpreters")
