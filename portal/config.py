"""Settings from the environment, with safe defaults for development.

In production (PORTAL_ENV=production) the portal refuses to start without a
real SECRET_KEY, and its cookies are marked Secure.
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

# Keys that must never be used outside development.
_PLACEHOLDER_KEYS = {"", "dev", "change-me", "secret", "development-only-key"}


class ConfigError(RuntimeError):
    """The environment asks for something the portal cannot safely run with."""


def load_config(overrides: dict | None = None) -> dict:
    env = os.environ.get("PORTAL_ENV", "development")
    production = env == "production"
    secret_key = os.environ.get("SECRET_KEY", "")
    if production and (secret_key in _PLACEHOLDER_KEYS or len(secret_key) < 32):
        raise ConfigError(
            "SECRET_KEY must be set to a random value of at least 32 characters "
            "when PORTAL_ENV=production."
        )
    default_db = f"sqlite:///{INSTANCE_DIR / 'portal.db'}"
    config = {
        "PORTAL_ENV": env,
        "SECRET_KEY": secret_key or "development-only-key",
        "DATABASE_URL": os.environ.get("DATABASE_URL", default_db),
        "PORTAL_COUNCIL": os.environ.get("PORTAL_COUNCIL", "westminster"),
        "PORTAL_PROFILE_DIR": os.environ.get("PORTAL_PROFILE_DIR", ""),
        "SITE_URL": os.environ.get("SITE_URL", "http://127.0.0.1:5000"),
        # Where "Leave this site" goes: a neutral page that says nothing about the portal.
        "LEAVE_SITE_URL": os.environ.get("LEAVE_SITE_URL", "https://www.bbc.co.uk/weather"),
        "SESSION_COOKIE_NAME": "__Host-portal" if production else "portal",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,  # the session's own timeout ends a form's life
        # Room for every box on a page filled to 5,000 characters of multi-byte
        # emoji, percent-encoded; anything larger is refused with a clear page.
        "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
        "MAX_FORM_MEMORY_SIZE": 4 * 1024 * 1024,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "portal@localhost"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_STARTTLS": os.environ.get("MAIL_USE_STARTTLS", "") == "1",
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", "10")),
        "MAIL_RETRY_SECONDS": float(os.environ.get("MAIL_RETRY_SECONDS", "30")),
        # `make run` sets PORTAL_DEV_SENDER=1: a thread delivers the outbox while serving.
        "PORTAL_DEV_SENDER": os.environ.get("PORTAL_DEV_SENDER", "") == "1",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        # Times are stored in UTC and always shown as the clock in England reads.
        "BABEL_DEFAULT_TIMEZONE": "Europe/London",
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_MIN_SIZE": 300,
        "COMPRESS_MIMETYPES": [
            "text/html", "text/css", "application/javascript", "text/javascript",
            "text/calendar", "application/json", "image/svg+xml",
        ],
        "TESTING": False,
    }
    if overrides:
        config.update(overrides)
    return config
