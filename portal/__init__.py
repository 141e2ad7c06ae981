"""The app factory: configuration, extensions, blueprints, headers and error pages."""

from flask import Flask

from portal import db, errors, headers, i18n
from portal.config import PROJECT_ROOT, load_config
from portal.extensions import compress, csrf


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.update(load_config(overrides))

    from portal.profiles import load_profile

    app.extensions["profile"] = load_profile(
        app.config["PORTAL_COUNCIL"], app.config["PORTAL_PROFILE_DIR"] or None
    )

    db.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)
    compress.init_app(app)
    headers.init_app(app)
    errors.init_app(app)

    from portal import cli, templating
    from portal.guide import bp as guide_bp
    from portal.parent import bp as parent_bp

    templating.init_app(app)
    app.register_blueprint(guide_bp)
    app.register_blueprint(parent_bp)
    cli.init_app(app)
    return app
