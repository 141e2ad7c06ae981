"""One way to hash a value: SHA-256 of its canonical JSON, and of a secret token.

Sent versions and shared report versions are compared by `content_hash`; links and
reset tokens are stored only as `token_hash`.
"""

import hashlib
import json
from typing import Any


def content_hash(value: Any) -> str:
    """The SHA-256 of `value` as canonical JSON (sorted keys, no spaces, UTF-8), so the
    same content always hashes the same."""
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def token_hash(token: str) -> str:
    """The SHA-256 of a secret token, as stored in place of the token."""
    return hashlib.sha256(token.encode()).hexdigest()
