"""The parent's task "What you need for the conference": asking, sending at once,
withdrawing, and seeing what the social worker did about each request.

Every view gets the invitation from current_invitation(); a request id in the
address is looked up only among this parent's own requests (another's is a 404).
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal import languages_list, parent_session
from portal import requests_data as data
from portal.forms import rerender_when_stale
from portal.models.requests import RequestKind, RequestState
from portal.parent import bp
from portal.request_forms import FORMS, DoneForm, WithdrawForm

SEND_NOW = "send"
SAVE = "save"


def _own_request(invitation, request_id: int):
    found = data.get_for_invitation(invitation, request_id)
    if found is None:
        abort(404)
    return found


def _kind(name: str) -> RequestKind:
    try:
        return RequestKind(name)
    except ValueError:
        abort(404)


# ---- pages ---------------------------------------------------------------------------------


@bp.route("/what-you-need", methods=["GET", "POST"])
def requests():
    invitation = parent_session.signed_in_invitation()
    form = DoneForm()
    if request.method == "POST":
        if not parent_session.can_change(invitation):
            return parent_session.stale_form_response(reason="started")
        if form.validate_on_submit():
            data.mark_done(invitation)
            return redirect(url_for("parent.task_list"))
    mine = data.for_invitation(invitation)
    active = {r.kind: r for r in mine if r.state in data.ACTIVE}
    return render_template(
        "parent/requests.html",
        requests=[r for r in mine if r.state != RequestState.WITHDRAWN],
        withdrawn=[r for r in mine if r.state == RequestState.WITHDRAWN],
        kinds=[(kind, title, hint, active.get(kind)) for kind, (title, hint) in data.KINDS.items()],
        states=data.PARENT_STATES,
        describe=data.describe,
        title=data.title,
        editable=parent_session.can_change(invitation),
        form=form,
    )


def _render_form(kind: RequestKind, form, existing=None):
    return render_template(
        "parent/request_form.html",
        kind=kind,
        title=data.title(kind),
        form=form,
        existing=existing,
        language_options=[language.label for language in languages_list.LANGUAGES],
    )


def _save_from(invitation, kind, form, existing=None):
    saved = data.save(invitation, kind, form.details(), existing=existing)
    if request.form.get("action") == SEND_NOW:
        data.send_now(saved)
        flash(
            _(
                "Your request has been sent to your social worker. You will see their "
                "reply here and on your task list."
            ),
            "success",
        )
    else:
        flash(
            _(
                "Your request is saved. It will be sent when you send your answers, or "
                "you can send it now."
            ),
            "success",
        )
    return redirect(url_for("parent.request_detail", request_id=saved.id))


@bp.route("/what-you-need/ask/<kind>", methods=["GET", "POST"])
@rerender_when_stale
def request_new(kind: str):
    invitation = parent_session.signed_in_invitation()
    kind = _kind(kind)
    existing = data.active_of_kind(invitation, kind)
    if existing is not None and request.method == "GET":
        # One at a time of each kind: show what they already asked for.
        return redirect(url_for("parent.request_detail", request_id=existing.id))
    if not parent_session.can_change(invitation):
        if request.method == "POST":
            return parent_session.stale_form_response(reason="started")
        return redirect(url_for("parent.requests"))
    form = FORMS[kind]()
    if request.method == "POST" and form.validate():
        if existing is not None and existing.state == RequestState.DRAFT:
            return _save_from(invitation, kind, form, existing=existing)
        if existing is not None and existing.details == form.details():
            # The same form sent twice (a double press, or Back and send again).
            return redirect(url_for("parent.request_detail", request_id=existing.id))
        return _save_from(invitation, kind, form)
    return _render_form(kind, form)


@bp.route("/what-you-need/<int:request_id>/change", methods=["GET", "POST"])
@rerender_when_stale
def request_change(request_id: int):
    invitation = parent_session.signed_in_invitation()
    found = _own_request(invitation, request_id)
    if found.state != RequestState.DRAFT or not parent_session.can_change(invitation):
        if request.method == "POST":
            return parent_session.stale_form_response(reason="started")
        return redirect(url_for("parent.request_detail", request_id=found.id))
    form_class = FORMS[found.kind]
    if request.method == "POST":
        form = form_class()
        if form.validate():
            return _save_from(invitation, found.kind, form, existing=found)
    else:
        form = form_class.with_details(found.details)
    return _render_form(found.kind, form, existing=found)


@bp.get("/what-you-need/<int:request_id>")
def request_detail(request_id: int):
    invitation = parent_session.signed_in_invitation()
    found = _own_request(invitation, request_id)
    return render_template(
        "parent/request_detail.html",
        item=found,
        title=data.title(found.kind),
        state=data.PARENT_STATES[found.state],
        words=data.describe(found.kind, found.details),
        editable=parent_session.can_change(invitation),
        form=WithdrawForm(),
    )


@bp.post("/what-you-need/<int:request_id>/send")
def request_send(request_id: int):
    invitation = parent_session.signed_in_invitation()
    found = _own_request(invitation, request_id)
    form = WithdrawForm()
    if not parent_session.can_change(invitation):
        return parent_session.stale_form_response(reason="started")
    if form.validate_on_submit() and data.send_now(found):
        flash(
            _(
                "Your request has been sent to your social worker. You will see their "
                "reply here and on your task list."
            ),
            "success",
        )
    return redirect(url_for("parent.request_detail", request_id=found.id))


@bp.route("/what-you-need/<int:request_id>/withdraw", methods=["GET", "POST"])
def request_withdraw(request_id: int):
    invitation = parent_session.signed_in_invitation()
    found = _own_request(invitation, request_id)
    if found.state == RequestState.WITHDRAWN:
        return redirect(url_for("parent.request_detail", request_id=found.id))
    form = WithdrawForm()
    if request.method == "POST":
        if not parent_session.can_change(invitation):
            return parent_session.stale_form_response(reason="started")
        if form.validate_on_submit():
            data.withdraw(found)
            flash(_("You have withdrawn this request."), "success")
            return redirect(url_for("parent.requests"))
    return render_template(
        "parent/request_withdraw.html",
        item=found,
        title=data.title(found.kind),
        words=data.describe(found.kind, found.details),
        form=form,
    )
