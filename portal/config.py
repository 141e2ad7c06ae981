"""Settings from the environment, with safe defaults for development.

In production (PORTAL_ENV=production) the portal refuses to start without a
real SECRET_KEY and ENCRYPTION_KEYS, and its cookies are marked Secure.
"""

import os
from collections.abc import Callable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

# Keys that must never be used outside development.
_PLACEHOLDER_KEYS = {"", "dev", "change-me", "secret", "development-only-key"}


class ConfigError(RuntimeError):
    """The environment asks for something the portal cannot safely run with."""


def instance_secret(name: str, make: Callable[[], str]) -> str:
    """A development secret made once and kept in instance/<name>, readable by its
    owner only (mode 600). Written atomically: two processes starting together
    (test workers, gunicorn) end up with the same value."""
    path = INSTANCE_DIR / name
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        scratch = INSTANCE_DIR / f".{name}.{os.getpid()}"
        fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(make() + "\n")
        try:
            os.link(scratch, path)  # fails if another process got there first
        except FileExistsError:
            pass
        finally:
            scratch.unlink()
    return path.read_text().strip()


def _encryption_keys(production: bool, overrides: dict | None) -> list[str]:
    """ENCRYPTION_KEYS: Fernet keys separated by commas, the newest (encrypting) first."""
    if overrides and "ENCRYPTION_KEYS" in overrides:
        raw = overrides["ENCRYPTION_KEYS"]
        return list(raw) if not isinstance(raw, str) else [k for k in raw.split(",") if k.strip()]
    raw = os.environ.get("ENCRYPTION_KEYS", "")
    if not raw.strip():
        if production:
            raise ConfigError(
                "ENCRYPTION_KEYS must be set when PORTAL_ENV=production "
                "(make a key with `flask --app app portal new-key`)."
            )
        from portal.crypto import new_key

        raw = instance_secret("encryption-keys", new_key)
    return [key.strip() for key in raw.split(",") if key.strip()]


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
        # Family free text and second-factor secrets are encrypted with these (crypto.py).
        "ENCRYPTION_KEYS": _encryption_keys(production, overrides),
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
