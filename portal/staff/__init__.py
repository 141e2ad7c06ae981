"""The staff pages: sign-in, dashboard, conferences, accounts, the report and the review.

Every view carries an access rule (portal.access.rule); the one
before_request below refuses any page without one.
"""

import importlib
import pkgutil

from flask import Blueprint
from flask_wtf.csrf import CSRFError

from portal import access
from portal.staff.login import login_manager

bp = Blueprint("staff", __name__, url_prefix="/staff")
bp.before_request(access.check_access)
bp.register_error_handler(CSRFError, access.stale_form)
bp.record_once(lambda state: login_manager.init_app(state.app))

# Each page module registers its views on `bp` when imported. Every module in this
# package is imported, so a new page module needs no line here.
for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
