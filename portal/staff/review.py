"""Reading what the family sent: each parent's latest version, earlier versions with what
changed, and "The family's views" printed for the chair.

Parents' words are shown exactly as written (escaped, white space kept), each with an
interpreter's English beside it when there is one (portal.renderings). Every page
that shows a parent's content is recorded in the audit trail first.
"""

import difflib
import re
from itertools import groupby

from flask import abort, g, render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from portal import renderings, sending
from portal.access import CASEWORK, current_staff, invitation_or_404, rule
from portal.audit import record_view
from portal.sanitize import isolate
from portal.staff import bp

_TOKENS = re.compile(r"(\s+)")

CHANGE_LABELS = {
    "added": _l("Added"),
    "removed": _l("Removed"),
    "changed": _l("Changed"),
    "same": _l("Not changed"),
}


def word_diff(old: str, new: str) -> Markup:
    """The new text with removed words in <del> and added words in <ins>, each marked in
    words too, so the change never relies on colour or strike-through alone."""
    a, b = _TOKENS.split(old or ""), _TOKENS.split(new or "")
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    removed, added = escape(_l("removed:")), escape(_l("added:"))
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(isolate("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(
                Markup('<del><span class="diff-word">{}</span> {}</del>').format(
                    removed, isolate("".join(a[i1:i2]))
                )
            )
        if op == "replace":
            out.append(Markup(" "))
        if op in ("insert", "replace"):
            out.append(
                Markup('<ins><span class="diff-word">{}</span> {}</ins>').format(
                    added, isolate("".join(b[j1:j2]))
                )
            )
    return Markup("").join(out)


def compare(old_content: dict | None, new_content: dict) -> list[dict]:
    """The parts of `new_content`, each row with what changed since `old_content`."""
    old_rows = {
        renderings.row_key(part["key"], row): row
        for part in sending.sections(old_content or {}, with_changes=False)
        for row in part["rows"]
    }
    result = []
    for part in sending.sections(new_content, with_changes=False):
        rows = []
        for row in part["rows"]:
            before = (old_rows.get(renderings.row_key(part["key"], row)) or {}).get("answer", "")
            now = row.get("answer", "")
            if before == now:
                change = "same"
            elif not before:
                change = "added"
            elif not now:
                change = "removed"
            else:
                change = "changed"
            rows.append(
                {
                    **row,
                    "change": change,
                    "change_label": CHANGE_LABELS[change],
                    "diff": word_diff(before, now) if change == "changed" else None,
                    "before": before,
                }
            )
        result.append({**part, "rows": rows})
    return result


def grouped(parts: list[dict]) -> list[dict]:
    """Parts whose rows carry a "page" (the four headings of Your views) split under it."""
    result = []
    for part in parts:
        groups = [
            {"heading": heading, "rows": list(rows)}
            for heading, rows in groupby(part["rows"], key=lambda row: row.get("page"))
        ]
        result.append({**part, "groups": groups})
    return result


@bp.get("/conferences/<int:conference_id>/family")
@rule(*CASEWORK, conference=True)
def family_views(conference_id: int):
    conference = g.conference
    parents = [
        {"invitation": invitation, "versions": sending.versions(invitation)}
        for invitation in conference.invitations
    ]
    return render_template("staff/review.html", conference=conference, parents=parents)


@bp.get("/conferences/<int:conference_id>/family/<int:invitation_id>")
@rule(*CASEWORK, conference=True)
def family_parent(conference_id: int, invitation_id: int):
    invitation = invitation_or_404(invitation_id)
    versions = sending.versions(invitation)
    latest = versions[0] if versions else None
    parts = []
    if latest is not None:
        record_view(current_staff(), "viewed_views", g.conference, invitation)
        previous = versions[1].content if len(versions) > 1 else None
        parts = renderings.annotate(grouped(compare(previous, latest.content)), latest)
    return render_template(
        "staff/review_parent.html",
        conference=g.conference,
        invitation=invitation,
        shown=latest,
        versions=versions,
        parts=parts,
        is_latest=True,
    )


@bp.get("/conferences/<int:conference_id>/family/<int:invitation_id>/versions/<int:number>")
@rule(*CASEWORK, conference=True)
def family_version(conference_id: int, invitation_id: int, number: int):
    invitation = invitation_or_404(invitation_id)
    versions = sending.versions(invitation)
    shown = next((v for v in versions if v.number == number), None)
    if shown is None:
        abort(404)
    record_view(current_staff(), "viewed_views_version", g.conference, invitation)
    previous = next((v for v in versions if v.number < number), None)
    return render_template(
        "staff/review_parent.html",
        conference=g.conference,
        invitation=invitation,
        shown=shown,
        versions=versions,
        parts=renderings.annotate(
            grouped(compare(previous.content if previous else None, shown.content)), shown
        ),
        is_latest=shown.number == versions[0].number,
    )


@bp.get("/conferences/<int:conference_id>/family/<int:invitation_id>/print")
@rule(*CASEWORK, conference=True)
def family_print(conference_id: int, invitation_id: int):
    invitation = invitation_or_404(invitation_id)
    latest = sending.latest(invitation)
    if latest is not None:
        record_view(current_staff(), "printed_views", g.conference, invitation)
    parts = []
    if latest is not None:
        parts = renderings.annotate(
            grouped(sending.sections(latest.content, with_changes=False)), latest
        )
    return render_template(
        "staff/print_views.html",
        conference=g.conference,
        invitation=invitation,
        shown=latest,
        parts=parts,
    )
