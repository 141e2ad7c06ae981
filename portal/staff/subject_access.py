"""A subject access export for one parent or carer, produced by a manager: a readable
page (to print or save and send) and the same as JSON. Each is recorded in the
audit trail, so the parent sees it among those who read their content."""

import json
from datetime import datetime

from flask import Response, g, render_template
from flask_babel import format_datetime

from portal import renderings, sending, subject_access
from portal.access import current_staff, invitation_or_404, rule
from portal.audit import record_view
from portal.models.staff import Role
from portal.staff import bp


def _export(invitation_id: int, action: str) -> tuple[object, dict]:
    invitation = invitation_or_404(invitation_id)
    staff = current_staff()
    record_view(staff, action, g.conference, invitation)
    return invitation, subject_access.export(invitation, staff)


@bp.get("/conferences/<int:conference_id>/family/<int:invitation_id>/subject-access")
@rule(Role.MANAGER, conference=True)
def subject_access_page(conference_id: int, invitation_id: int):
    invitation, found = _export(invitation_id, "exported_subject_access")
    versions = [
        {
            **version,
            "sections": sending.sections(version["content"], with_changes=False),
            "english": [
                {**item, "question": _question(version["content"], item["row"])}
                for item in found["english_renderings"]
                if item["version"] == version["number"]
            ],
        }
        for version in found["sent_versions"]
    ]
    return render_template(
        "staff/subject_access.html",
        conference=g.conference, invitation=invitation, found=found, versions=versions,
        when=_when,
    )


def _question(content: dict, key: str) -> str:
    row = renderings.find_row(content, key)
    return row["question"] if row else key


def _when(value: str | None) -> str:
    """An exported ISO time as the clock in England read it."""
    return format_datetime(datetime.fromisoformat(value), "d MMMM y, HH:mm") if value else ""


@bp.get("/conferences/<int:conference_id>/family/<int:invitation_id>/subject-access.json")
@rule(Role.MANAGER, conference=True)
def subject_access_json(conference_id: int, invitation_id: int):
    _invitation, found = _export(invitation_id, "exported_subject_access_json")
    filename = f"subject-access-{conference_id}-{invitation_id}.json"
    return Response(
        json.dumps(found, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
