"""The keyring and the encrypted column types, alone."""

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, select

from portal.crypto import (
    EncryptedJSON,
    EncryptedText,
    KeyProblem,
    Keyring,
    UndecryptableError,
    new_key,
)


def test_round_trip_in_any_script():
    keyring = Keyring([new_key()])
    for words in ["", "We love our children", "نحن نحب أطفالنا", "💙" * 50, "a\x00b"]:
        token = keyring.encrypt(words)
        assert words.encode() not in token.encode() or not words
        assert keyring.decrypt(token) == words


def test_a_token_is_different_every_time():
    keyring = Keyring([new_key()])
    assert keyring.encrypt("same words") != keyring.encrypt("same words")


def test_a_wrong_key_fails_loudly():
    token = Keyring([new_key()]).encrypt("private words")
    with pytest.raises(UndecryptableError):
        Keyring([new_key()]).decrypt(token)
    with pytest.raises(UndecryptableError):
        Keyring([new_key()]).decrypt("not a token at all")


def test_a_changed_token_fails_loudly():
    keyring = Keyring([new_key()])
    token = keyring.encrypt("private words")
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(UndecryptableError):
        keyring.decrypt(tampered)


@pytest.mark.parametrize("keys", [[], ["short"], ["x" * 44], ["é" * 44]])
def test_malformed_keys_are_refused(keys):
    with pytest.raises(KeyProblem):
        Keyring(keys)


def test_rotation_old_keys_still_open_and_rotate_moves_to_the_first():
    old, new = new_key(), new_key()
    token = Keyring([old]).encrypt("words")
    both = Keyring([new, old])
    assert both.decrypt(token) == "words"
    assert not both.is_primary(token)
    rotated = both.rotate(token)
    assert both.is_primary(rotated)
    assert Keyring([new]).decrypt(rotated) == "words"
    with pytest.raises(UndecryptableError):
        Keyring([old]).decrypt(rotated)


def test_sql_cannot_compare_encrypted_columns():
    table = Table(
        "t", MetaData(), Column("id", Integer, primary_key=True),
        Column("words", EncryptedText), Column("data", EncryptedJSON),
    )
    for build in [
        lambda: table.c.words == "x",
        lambda: table.c.words.like("%x%"),
        lambda: table.c.words.in_(["x"]),
        lambda: table.c.data == {"a": 1},
        lambda: table.c.words.desc(),
    ]:
        with pytest.raises(TypeError, match="encrypted"):
            build()
    # Selecting and testing for NULL still work.
    select(table.c.words).where(table.c.words.is_not(None), table.c.data.is_(None))
