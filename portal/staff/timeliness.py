"""The manager's view of how timely reports are: by month of the conference, how many
reports reached the family on time, late, or not at all."""

from flask import render_template

from portal import conferences, timeliness
from portal.access import current_staff, rule
from portal.models.staff import Role
from portal.staff import bp


@bp.get("/timeliness")
@rule(Role.MANAGER)
def timeliness_view():
    months = timeliness.by_month(conferences.visible_select(current_staff()))
    return render_template(
        "staff/timeliness.html", months=months, missing=timeliness.missing_kinds()
    )
