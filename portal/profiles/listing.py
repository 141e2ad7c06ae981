"""Every fact in a profile with its source, and every fact it does not give.

Used by `flask portal check-profile FILE` and the administrator's council profile
page, so a council filling in its own profile sees what it still has to confirm.
"""

from dataclasses import dataclass

from pydantic import BaseModel

from portal.profiles.schema import (
    SETTINGS,
    ChildrenInvited,
    Count,
    Flag,
    Period,
    Person,
    Phone,
    Places,
    Route,
    Sourced,
    Text,
)


@dataclass(frozen=True)
class Fact:
    field: str  # dotted, as in the TOML file
    value: str
    source: str
    note: str = ""


def facts(profile: BaseModel) -> list[Fact]:
    found, _missing = _walk(profile, "")
    return found


def not_given(profile: BaseModel) -> list[str]:
    _found, missing = _walk(profile, "")
    return missing


def _walk(model: BaseModel, prefix: str) -> tuple[list[Fact], list[str]]:
    found: list[Fact] = []
    missing: list[str] = []
    for name in type(model).model_fields:
        if not prefix and name in SETTINGS:
            continue
        path = f"{prefix}{name}"
        value = getattr(model, name)
        if value is None or value == []:
            missing.append(path)
        elif isinstance(value, Sourced):
            found.append(Fact(path, describe(value), value.source, value.note))
        elif isinstance(value, list):
            found.extend(
                Fact(f"{path}.{item.who}", describe(item), item.source, item.note)
                for item in value
                if isinstance(item, Person)
            )
        elif isinstance(value, BaseModel):
            more, less = _walk(value, f"{path}.")
            found.extend(more)
            missing.extend(less)
    return found, missing


def describe(fact: Sourced) -> str:
    """The fact's value in a few words (English: for the people who keep the profile)."""
    match fact:
        case Count():
            return str(fact.value)
        case Period():
            return f"{fact.count} {fact.unit}"
        case Text():
            return fact.value
        case Flag():
            return "yes" if fact.value else "no"
        case Phone():
            extra = [fact.email] if fact.email else []
            extra += ["day and night"] if fact.all_hours else []
            extra += ["the council's general number"] if fact.general else []
            return fact.number + (f" ({', '.join(extra)})" if extra else "")
        case Person():
            return fact.who + (" (first conference only)" if fact.initial_only else "")
        case ChildrenInvited():
            return f"over {fact.age}" if fact.rule == "over" else f"{fact.age} and over"
        case Route():
            return ", then ".join(fact.steps)
        case Places():
            return "; ".join(f"{p.name}, {p.address}" for p in fact.places)
    return ""
