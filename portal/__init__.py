"""The app factory: configuration, extensions, blueprints, headers and error pages."""

import mimetypes
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, abort
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.security import safe_join

from portal import db, errors, headers, i18n, parent_session
from portal.config import PROJECT_ROOT, load_config
from portal.crypto import Keyring
from portal.extensions import compress, csrf
from portal.formdata import PortalRequest


class PortalFlask(Flask):
    """Serves its few small static files from memory, so they compress without
    holding files open. Their URLs carry a content hash (see templating.static_url)."""

    def send_static_file(self, filename: str) -> Response:
        body, mimetype = _read_static(self.static_folder, filename)
        return Response(body, mimetype=mimetype)


@lru_cache(maxsize=64)
def _read_static(folder: str, filename: str) -> tuple[bytes, str]:
    path = safe_join(folder, filename)
    if path is None or not Path(path).is_file():
        abort(404)
    mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return Path(path).read_bytes(), mimetype


def create_app(overrides: dict | None = None) -> Flask:
    app = PortalFlask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.update(load_config(overrides))
    if app.config["TRUSTED_PROXIES"]:
        # Only as many forwarded hops as there are proxies we run; without any, the
        # headers are ignored and the peer's own address counts.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    app.request_class = PortalRequest  # invalid UTF-8 becomes U+FFFD, not a lost form

    from portal.profiles import load_profile

    app.extensions["profile"] = load_profile(
        app.config["PORTAL_COUNCIL"], app.config["PORTAL_PROFILE_DIR"] or None
    )

    app.extensions["keyring"] = Keyring(app.config["ENCRYPTION_KEYS"])
    db.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)
    compress.init_app(app)
    headers.init_app(app)
    errors.init_app(app)
    parent_session.init_app(app)

    from portal import cli, notify, templating
    from portal.guide import bp as guide_bp
    from portal.interpreter import bp as interpreter_bp
    from portal.parent import bp as parent_bp
    from portal.staff import bp as staff_bp

    templating.init_app(app)
    app.register_blueprint(guide_bp)
    app.register_blueprint(parent_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(interpreter_bp)
    cli.init_app(app)
    notify.init_app(app)
    return app
