"""Read the report: each section with the parent's agree / partly / disagree and a
comment, a general comment, and "Who has read your views".

Sections are found in the latest version shared with the parent's own conference,
by the section's id; any other id is 404. Each page saves when Continue is pressed.
"""

from flask import abort, redirect, render_template, request, url_for

from portal import answers, audit, parent_session, report_comments, sanitize
from portal.forms import rerender_when_stale
from portal.parent import bp
from portal.report_forms import GeneralForm, SectionForm

CHECK_RETURN = "check"
PAGE = "report"  # what answers.mark_page_saved records, so Check knows something changed


# ---- pages ------------------------------------------------------------------------------------


def _shared(invitation):
    shared = report_comments.shared_report(invitation)
    if shared is None:
        abort(404)
    report_comments.mark_opened(invitation)
    return shared


@bp.get("/report")
def report():
    invitation = parent_session.signed_in_invitation()
    shared = report_comments.shared_report(invitation)
    if shared is None:
        return render_template("parent/report.html", shared=None, form=None)
    report_comments.mark_opened(invitation)
    comments = report_comments.comments_for(invitation)
    sections = report_comments.version_sections(shared)
    ids = [s["id"] for s in sections]
    done = {i for i in ids if str(i) in comments}
    changed = report_comments.changed_since_comment(invitation, shared)
    # Told once, on this visit, what changed since the version they last opened.
    new_to_them = set(report_comments.changed_since_seen(invitation, shared))
    report_comments.mark_seen(invitation, shared)
    first_to_do = next((i for i in ids if i not in done or i in changed), None)
    if first_to_do is not None:
        start = url_for("parent.report_section", section_id=first_to_do)
    else:
        start = url_for("parent.report_general")
    return render_template(
        "parent/report.html",
        shared=shared,
        sections=sections,
        done=done,
        changed=changed,
        changed_headings=[s["heading"] for s in sections if s["id"] in changed | new_to_them],
        general_done=report_comments.GENERAL in comments,
        start=start,
        editable=parent_session.can_change(invitation),
        form=None,
    )


def _render_section(invitation, shared, item, form):
    sections = report_comments.version_sections(shared)
    index = next(i for i, s in enumerate(sections) if s["id"] == item["id"])
    comment = report_comments.comments_for(invitation).get(str(item["id"]))
    return render_template(
        "parent/report_section.html",
        item=item,
        blocks=sanitize.blocks(item["body"]),
        number=index + 1,
        total=len(sections),
        form=form,
        saved=comment,
        changed=item["id"] in report_comments.changed_since_comment(invitation, shared),
        editable=parent_session.can_change(invitation),
        back_to_check=request.args.get("return") == CHECK_RETURN,
        agreements=report_comments.AGREEMENTS,
    )


def _section_or_404(shared, section_id):
    item = report_comments.find_section(shared, section_id)
    if item is None:
        abort(404)
    return item


@bp.route("/report/<int:section_id>", methods=["GET", "POST"])
@rerender_when_stale
def report_section(section_id: int):
    invitation = parent_session.signed_in_invitation()
    shared = _shared(invitation)
    item = _section_or_404(shared, section_id)
    if request.method == "POST":
        if not parent_session.can_change(invitation):
            return parent_session.stale_form_response(reason="started")
        form = SectionForm(formdata=request.form)
        if form.validate():
            report_comments.save_comment(
                invitation,
                str(item["id"]),
                form.agreement.data or "",
                form.comment.data or "",
                shared.number,
            )
            answers.mark_page_saved(invitation, PAGE)
            if request.args.get("return") == CHECK_RETURN:
                return redirect(url_for("parent.check"))
            return redirect(_next_url(shared, item["id"]))
        return _render_section(invitation, shared, item, form)
    saved = report_comments.comments_for(invitation).get(str(item["id"]))
    data = {"agreement": saved.agreement or None, "comment": saved.text} if saved else {}
    return _render_section(invitation, shared, item, SectionForm(formdata=None, data=data))


def _next_url(shared, section_id: int) -> str:
    ids = [s["id"] for s in report_comments.version_sections(shared)]
    position = ids.index(section_id)
    if position + 1 < len(ids):
        return url_for("parent.report_section", section_id=ids[position + 1])
    return url_for("parent.report_general")


def _render_general(invitation, form):
    return render_template(
        "parent/report_general.html",
        form=form,
        saved=report_comments.comments_for(invitation).get(report_comments.GENERAL),
        editable=parent_session.can_change(invitation),
        back_to_check=request.args.get("return") == CHECK_RETURN,
    )


@bp.route("/report/general", methods=["GET", "POST"])
@rerender_when_stale
def report_general():
    invitation = parent_session.signed_in_invitation()
    shared = _shared(invitation)
    if request.method == "POST":
        if not parent_session.can_change(invitation):
            return parent_session.stale_form_response(reason="started")
        form = GeneralForm(formdata=request.form)
        if form.validate():
            report_comments.save_comment(
                invitation, report_comments.GENERAL, "", form.comment.data or "", shared.number
            )
            answers.mark_page_saved(invitation, PAGE)
            if request.args.get("return") == CHECK_RETURN:
                return redirect(url_for("parent.check"))
            return redirect(url_for("parent.task_list"))
        return _render_general(invitation, form)
    saved = report_comments.comments_for(invitation).get(report_comments.GENERAL)
    form = GeneralForm(formdata=None, data={"comment": saved.text if saved else ""})
    return _render_general(invitation, form)


@bp.get("/readers")
def readers():
    invitation = parent_session.signed_in_invitation()
    return render_template(
        "parent/readers.html", events=audit.events_for_invitation(invitation), form=None
    )
