"""One way to compare two JSON values, and to hash a secret token.

A new sent version or shared report version is made only when its content differs
from the last one (`same`, comparing canonical JSON, after the stored one is
decrypted). No hash of a family's words is stored: an unkeyed hash would let anyone
with a copy of the database confirm a guess at what a parent wrote. Links and reset
tokens (long and random) are stored only as `token_hash`.
"""

import hashlib
import json
from typing import Any


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def same(first: Any, second: Any) -> bool:
    """Whether two JSON values are the same content (key order and tuple-or-list aside)."""
    return _canonical(first) == _canonical(second)


def token_hash(token: str) -> str:
    """The SHA-256 of a secret token, as stored in place of the token."""
    return hashlib.sha256(token.encode()).hexdigest()
