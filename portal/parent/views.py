"""The task list, About your conference, Your views, Check your answers, Send, sent versions.

Every view gets the invitation from current_invitation(); none takes an id from the
address. After the conference has started, pages show what was saved, read-only.
"""

from babel.lists import format_list
from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import format_date, format_time, get_locale

from portal import answers, notify, parent_session, questions, requests_data, sending, tasks
from portal.attendees import invited_labels
from portal.forms import rerender_when_stale, views_form
from portal.keydates import key_dates
from portal.parent import bp
from portal.parent_forms import EmptyForm

CHECK_RETURN = "check"


def _started_response(invitation):
    """A change posted after the conference started: nothing saved, what was typed shown."""
    return parent_session.stale_form_response(reason="started")


@bp.get("/tasks")
def task_list():
    invitation = parent_session.signed_in_invitation()
    latest = sending.latest(invitation)
    return render_template(
        "parent/tasks.html",
        invitation=invitation,
        sections=tasks.sections(invitation, latest),
        latest=latest,
        editable=parent_session.can_change(invitation),
        form=None,
    )


@bp.route("/about", methods=["GET", "POST"])
def about():
    invitation = parent_session.signed_in_invitation()
    form = EmptyForm()
    if form.validate_on_submit():
        answers.mark_page_saved(invitation, "about")
        return redirect(url_for("parent.task_list"))
    conference = invitation.conference
    locale = str(get_locale())
    children = format_list([c.first_name for c in conference.children], locale=locale)
    invited, may_come = invited_labels(conference)
    return render_template(
        "parent/about.html",
        conference=conference,
        date=format_date(conference.starts_on, "full"),
        time=format_time(conference.starts_at, "short", rebase=False),
        children=children,
        invited=invited,
        may_come=may_come,
        key_dates=key_dates(
            conference.kind.value,
            conference.starts_on,
            conference.minutes_sent_on,
            current_app.extensions["profile"].timescales,
        ),
        form=form,
    )


def _render_views_page(page, form):
    invitation = parent_session.signed_in_invitation()
    return render_template(
        "parent/views_page.html",
        page=page,
        form=form,
        number=questions.PAGES.index(page) + 1,
        total=len(questions.PAGES),
        editable=parent_session.can_change(invitation),
        saved=answers.answers_for(invitation),
        back_to_check=request.args.get("return") == CHECK_RETURN,
    )


@bp.route("/views/<slug>", methods=["GET", "POST"])
@rerender_when_stale
def views_page(slug: str):
    page = questions.page(slug)
    if page is None:
        abort(404)
    invitation = parent_session.signed_in_invitation()
    if request.method == "POST":
        if not parent_session.can_change(invitation):
            return _started_response(invitation)
        form = views_form(page, formdata=request.form)
        if form.validate():
            # Only boxes the form sent: a partial post never wipes a saved answer.
            typed = {q.key: form[q.key].data or "" for q in page.questions if q.key in request.form}
            if answers.save_answers(invitation, typed):
                answers.mark_page_saved(invitation, f"views.{page.slug}")
            if request.args.get("return") == CHECK_RETURN:
                return redirect(url_for("parent.check"))
            following = questions.next_page(page.slug)
            if following is None:
                return redirect(url_for("parent.task_list"))
            return redirect(url_for("parent.views_page", slug=following.slug))
        return _render_views_page(page, form)
    return _render_views_page(page, views_form(page, data=answers.answers_for(invitation)))


@bp.route("/check", methods=["GET", "POST"])
def check():
    invitation = parent_session.signed_in_invitation()
    form = EmptyForm()
    content = sending.snapshot(invitation)
    if form.validate_on_submit():
        answers.mark_page_saved(invitation, "check")
        return redirect(url_for("parent.send"))
    sections = sending.sections(content, with_changes=parent_session.can_change(invitation))
    return render_template(
        "parent/check.html",
        sections=sections,
        has_content=bool(content),
        form=form,
        editable=parent_session.can_change(invitation),
    )


@bp.route("/send", methods=["GET", "POST"])
def send():
    invitation = parent_session.signed_in_invitation()
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        if not parent_session.can_change(invitation):
            return _started_response(invitation)
        submission, created = sending.send(invitation)
        if submission is None:
            return redirect(url_for("parent.send"))
        requests_data.sent_with_views(invitation)  # saved requests go with the views
        if created:
            notify.views_sent(invitation)
        return redirect(url_for("parent.sent_version", reference=submission.reference))
    content = sending.snapshot(invitation)
    latest = sending.latest(invitation)
    return render_template(
        "parent/send.html",
        form=form,
        has_content=bool(content),
        unsent=sending.is_unsent_change(invitation, content, latest),
        latest=latest,
        editable=parent_session.can_change(invitation),
    )


@bp.get("/sent")
def sent_versions():
    invitation = parent_session.signed_in_invitation()
    return render_template("parent/sent_list.html", versions=sending.versions(invitation))


@bp.get("/sent/<reference>")
def sent_version(reference: str):
    invitation = parent_session.signed_in_invitation()
    submission = sending.by_reference(invitation, reference[:32])
    if submission is None:
        abort(404)
    latest = sending.latest(invitation)
    return render_template(
        "parent/sent.html",
        submission=submission,
        is_latest=latest is not None and latest.id == submission.id,
        sections=sending.sections(submission.content, with_changes=False),
        unsent=sending.is_unsent_change(invitation, last=latest),
        editable=parent_session.can_change(invitation),
    )
