"""Council profiles: one TOML file per council, checked when the portal starts.

A profile holds facts (numbers, timescales, who comes, which steps a complaint takes),
each with its source (see schema.py). The words around those facts live in the
templates, so they can be translated.
"""

import tomllib
from pathlib import Path

from pydantic import ValidationError

from portal.profiles.schema import (
    COMPLAINT_ROUTES,
    Count,
    Period,
    Phone,
    Profile,
    Retention,
    Sourced,
    Timescales,
)

__all__ = [
    "COMPLAINT_ROUTES",
    "Count",
    "Period",
    "Phone",
    "Profile",
    "ProfileError",
    "Retention",
    "Sourced",
    "Timescales",
    "load_profile",
    "read_profile",
    "shipped_profiles",
]

PROFILE_DIR = Path(__file__).parent


class ProfileError(RuntimeError):
    """A profile file is missing or wrong; the message names the file, field and problem."""


def profile_path(slug: str, directory: str | Path | None = None) -> Path:
    return Path(directory or PROFILE_DIR) / f"{slug}.toml"


def read_profile(path: Path) -> Profile:
    """Read and check one file; every problem is listed with its field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ProfileError(f"{path}: no such profile file") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from exc
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError("\n".join(describe_errors(path, exc))) from exc
    if profile.slug != path.stem:
        # PORTAL_COUNCIL=<slug> opens <slug>.toml, so the two must agree.
        raise ProfileError(
            f"{path}: field 'slug': is {profile.slug!r} but the file is named "
            f"{path.name!r}; rename the file or change the slug so they match"
        )
    return profile


_TABLE = 'must be a table with the fact and its source, e.g. { value = 15, source = "national" }'
_PLAIN = {
    "missing": "is missing; add it",
    "extra_forbidden": "is not a field a profile can have; check its spelling and section",
    "model_type": _TABLE,
    "dict_type": _TABLE,
}
_SOURCE_FORM = (
    '"national", or the document and its words, e.g. "004: minutes within 15 working days"'
)


def describe_errors(path: Path, exc: ValidationError) -> list[str]:
    """One line per problem: the file, the field (dotted, as in the TOML) and what is wrong."""
    lines = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "(top level)"
        message = _PLAIN.get(err["type"], err["msg"])
        if err["loc"] and err["loc"][-1] == "source":
            # Every fact carries its source; say what one looks like.
            message = f"every fact needs its source: {_SOURCE_FORM}"
        elif err["type"] not in _PLAIN and "input" in err and not isinstance(err["input"], dict):
            message = f"{message} (found {err['input']!r})"
        lines.append(f"{path}: field '{field}': {message}")
    return lines


def load_profile(slug: str, directory: str | Path | None = None) -> Profile:
    return read_profile(profile_path(slug, directory))


def shipped_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.toml"))
