"""The staff dashboard and conference pages."""

from flask import redirect, render_template, url_for

from portal.conferences import visible_conferences
from portal.models.staff import Role
from portal.staff import bp
from portal.staff.access import current_staff, rule


@bp.get("/")
@rule()
def dashboard():
    user = current_staff()
    if user.role == Role.ADMIN:
        return redirect(url_for("staff.accounts"))
    conferences = visible_conferences(user)
    return render_template("staff/dashboard.html", conferences=conferences)
