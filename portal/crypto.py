"""Encryption at rest: a family's words and staff second-factor secrets.

Columns typed `EncryptedText` or `EncryptedJSON` hold Fernet tokens (AES-128-CBC
with an HMAC-SHA256, from the `cryptography` package), so a copy of the database
alone reveals none of them. The keys come from `ENCRYPTION_KEYS` (see config.py):
the first encrypts, every one of them decrypts, which is how a key is rotated
(`flask --app app portal rotate-key`). A value no configured key opens raises
`UndecryptableError`: a wrong key fails loudly, never as empty text.

The tokens are random each time, so SQL cannot compare or search these columns:
their comparison operators raise `TypeError` rather than silently match nothing.
"""

import json
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app, has_app_context
from sqlalchemy import Text, TypeDecorator
from sqlalchemy.sql import operators


class KeyProblem(RuntimeError):
    """The configured keys are missing or malformed."""


class UndecryptableError(RuntimeError):
    """A stored value that none of the configured keys opens."""


class Keyring:
    """The configured keys: one MultiFernet, built once per app (no per-row key work)."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise KeyProblem("ENCRYPTION_KEYS is empty: set at least one key.")
        fernets = []
        for number, key in enumerate(keys, start=1):
            try:
                fernets.append(Fernet(key.strip().encode("ascii")))
            except (ValueError, UnicodeEncodeError) as exc:
                raise KeyProblem(
                    f"Key {number} of ENCRYPTION_KEYS is not a Fernet key (32 random bytes "
                    "in URL-safe base64; `flask --app app portal new-key` makes one)."
                ) from exc
        self._primary = fernets[0]
        self._all = MultiFernet(fernets)
        self.count = len(fernets)

    def encrypt(self, text: str) -> str:
        return self._primary.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._all.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeEncodeError) as exc:
            raise UndecryptableError(
                "A stored value cannot be decrypted with any key in ENCRYPTION_KEYS: "
                "the keys are wrong, or the value was not written by the portal."
            ) from exc

    def is_primary(self, token: str) -> bool:
        """Whether the first key opens this token (so rotating would not change it)."""
        try:
            self._primary.decrypt(token.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError):
            return False
        return True

    def rotate(self, token: str) -> str:
        """The same value encrypted with the first key (raises if no key opens it)."""
        try:
            return self._all.rotate(token.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeEncodeError) as exc:
            raise UndecryptableError(
                "A stored value cannot be decrypted with any key in ENCRYPTION_KEYS."
            ) from exc


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


def keyring() -> Keyring:
    """The running app's keyring."""
    if not has_app_context():
        raise RuntimeError(
            "Encrypted columns need the app's keys: run this inside the app "
            "(e.g. `flask --app app portal migrate`)."
        )
    return current_app.extensions["keyring"]


class _NotComparable(TypeDecorator.Comparator):
    """Refuse SQL comparisons: a random token never equals another one."""

    _ALLOWED = frozenset({operators.is_, operators.is_not})

    def operate(self, op, *other, **kwargs):
        if op not in self._ALLOWED:
            raise TypeError(
                f"{self.expr} is encrypted: SQL cannot compare, search or sort it. "
                "Filter on another column and compare in Python."
            )
        return super().operate(op, *other, **kwargs)

    def reverse_operate(self, op, other, **kwargs):
        raise TypeError(f"{self.expr} is encrypted: SQL cannot compare, search or sort it.")


class EncryptedText(TypeDecorator):
    """Text stored as a Fernet token; read back as the text that was saved."""

    impl = Text
    cache_ok = True
    comparator_factory = _NotComparable

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        if value is None:
            return None
        return keyring().encrypt(self.to_text(value))

    def process_result_value(self, value: str | None, dialect) -> Any:
        if value is None:
            return None
        return self.from_text(keyring().decrypt(value))

    def to_text(self, value: Any) -> str:
        if not isinstance(value, str):
            raise TypeError(f"EncryptedText stores str, not {type(value).__name__}")
        return value

    def from_text(self, text: str) -> Any:
        return text


class EncryptedJSON(EncryptedText):
    """A JSON value (dict, list, str, numbers) stored encrypted as one token."""

    cache_ok = True

    def to_text(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def from_text(self, text: str) -> Any:
        return json.loads(text)
