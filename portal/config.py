"""Settings from the environment, with safe defaults for development.

Keys fail closed: no key written in the source is ever accepted. In production
(PORTAL_ENV=production) the portal refuses to start without a SECRET_KEY and
ENCRYPTION_KEYS of its own;
elsewhere, without one, it makes a random key once and keeps it in the instance
folder (`instance_secret`). Cookies are Secure unless PORTAL_INSECURE_COOKIES=1
(development over plain http, as `make run` does).
"""

import os
import re
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from portal import clock

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

# Keys once written in this project's source or its examples: never accepted.
_KNOWN_KEYS = {"dev", "change-me", "secret", "development-only-key", "changeme"}
MIN_KEY_LENGTH = 32


class ConfigError(RuntimeError):
    """The environment asks for something the portal cannot safely run with."""


def instance_dir() -> Path:
    """Where generated keys and the development databases live (PORTAL_INSTANCE_DIR)."""
    return Path(os.environ.get("PORTAL_INSTANCE_DIR") or INSTANCE_DIR)


def _random_key() -> str:
    return secrets.token_urlsafe(48)


def instance_secret(name: str, make: Callable[[], str] = _random_key) -> str:
    """A secret made once by `make` and kept in the instance folder as `name`, readable
    by its owner only (mode 600; refused if others can read it). Several processes
    starting at once agree on one: the file appears complete or not at all (written
    aside, then hard-linked)."""
    if not re.fullmatch(r"[a-z][a-z0-9_-]{0,40}", name):
        raise ValueError(f"not a key file name: {name!r}")
    folder = instance_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        spare = folder / f".{name}.{secrets.token_hex(8)}"
        fd = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(make() + "\n")
        try:
            os.link(spare, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            spare.unlink()
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise ConfigError(f"{path} can be read by others: chmod 600 {path}")
    return path.read_text().strip()


def _check_key(value: str, where: str) -> None:
    if value.lower() in _KNOWN_KEYS or len(value) < MIN_KEY_LENGTH:
        raise ConfigError(
            f"{where} must be a random value of at least {MIN_KEY_LENGTH} characters "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )


def _secret_key(production: bool, overrides: dict) -> str:
    if "SECRET_KEY" in overrides:
        key = overrides["SECRET_KEY"]
    elif "SECRET_KEY" in os.environ:
        key = os.environ["SECRET_KEY"]
    elif production:
        raise ConfigError(
            "SECRET_KEY must be set when PORTAL_ENV=production (the same on every server)."
        )
    else:
        key = instance_secret("secret_key")
    _check_key(key, "SECRET_KEY")
    return key


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


def _trusted_proxies() -> int:
    raw = os.environ.get("TRUSTED_PROXIES", "0").strip() or "0"
    if not raw.isdigit():
        raise ConfigError("TRUSTED_PROXIES: how many proxies are in front of the app (0 or more).")
    return int(raw)


def load_config(overrides: dict | None = None) -> dict:
    overrides = overrides or {}
    env = os.environ.get("PORTAL_ENV", "development")
    production = env == "production"
    secret_key = _secret_key(production, overrides)
    insecure_cookies = os.environ.get("PORTAL_INSECURE_COOKIES", "") == "1"
    if production and insecure_cookies:
        raise ConfigError("PORTAL_INSECURE_COOKIES is for development only.")
    secure = not insecure_cookies
    default_db = f"sqlite:///{instance_dir() / 'portal.db'}"
    config = {
        "PORTAL_ENV": env,
        # How many proxies in front of the app to believe X-Forwarded-For and -Proto from.
        "TRUSTED_PROXIES": _trusted_proxies(),
        "SECRET_KEY": secret_key,
        "DATABASE_URL": os.environ.get("DATABASE_URL", default_db),
        # Family free text and second-factor secrets are encrypted with these (crypto.py).
        "ENCRYPTION_KEYS": _encryption_keys(production, overrides),
        "PORTAL_COUNCIL": os.environ.get("PORTAL_COUNCIL", "westminster"),
        "PORTAL_PROFILE_DIR": os.environ.get("PORTAL_PROFILE_DIR", ""),
        "SITE_URL": os.environ.get("SITE_URL", "http://127.0.0.1:5000"),
        # Where "Leave this site" goes: a neutral page that says nothing about the portal.
        "LEAVE_SITE_URL": os.environ.get("LEAVE_SITE_URL", "https://www.bbc.co.uk/weather"),
        # __Host-: the browser keeps it for this host only, and only if Secure.
        "SESSION_COOKIE_NAME": "__Host-portal" if secure else "portal",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SECURE": secure,
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
        "BABEL_DEFAULT_TIMEZONE": clock.LONDON_ID,
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
