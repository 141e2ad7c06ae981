"""Administrator pages: staff accounts and the council profile. No family content."""

from flask import current_app, render_template

from portal import staff_accounts
from portal.models.staff import Role
from portal.staff import bp
from portal.staff.access import current_staff, rule
from portal.staff.forms import ROLE_LABELS


@bp.get("/accounts")
@rule(Role.ADMIN)
def accounts():
    users = staff_accounts.list_accounts(current_staff().council_id)
    return render_template("staff/accounts.html", users=users, role_labels=ROLE_LABELS)


@bp.get("/council")
@rule(Role.ADMIN)
def council_profile():
    return render_template("staff/council_profile.html", council=current_app.extensions["profile"])
