"""What every template can use: the council profile, the static file version, filters."""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, url_for


@lru_cache(maxsize=32)
def _file_version(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def static_url(filename: str) -> str:
    """A static file's URL with its content hash, so it can be cached for a year."""
    full = Path(current_app.static_folder) / filename
    return url_for("static", filename=filename, v=_file_version(str(full)))


def init_app(app: Flask) -> None:
    if app.debug:
        _file_version.cache_clear()

    @app.context_processor
    def _globals():
        return {
            "profile": app.extensions["profile"],
            "static_url": static_url,
            "leave_site_url": app.config["LEAVE_SITE_URL"],
        }
