"""Error pages: plain words, a way on, never a stack trace."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _stale_form(error):
        # A form posted after the session ended or from an old page. Areas that can
        # keep the typed text register their own handling (see portal.parent_session).
        from portal.parent_session import stale_form_response

        return stale_form_response()

    @app.errorhandler(HTTPException)
    def _http_error(error):
        code = error.code or 500
        template = {404: "errors/404.html", 413: "errors/413.html", 429: "errors/429.html"}.get(
            code, "errors/generic.html"
        )
        return render_template(template, code=code), code

    @app.errorhandler(OperationalError)
    def _database_away(error):
        # The database restarting, unreachable or locked for too long: nothing of this
        # request was saved (its unit of work rolls back), and trying again will work.
        app.logger.warning("Database unavailable: %s", str(error.orig or error).splitlines()[0])
        return render_template("errors/503.html", code=503), 503, {"Retry-After": "30"}

    @app.errorhandler(Exception)
    def _server_error(error):
        app.logger.exception("Unhandled error")
        return render_template("errors/500.html", code=500), 500
