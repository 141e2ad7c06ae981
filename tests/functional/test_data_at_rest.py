"""Family free text and second-factor secrets are encrypted in the database: a copy
of the tables alone holds none of the words; the app reads them back; a wrong key
fails loudly; the migration converts existing rows both ways; keys rotate."""

import pytest
from sqlalchemy import inspect, select, text

from portal import answers, create_app, sending
from portal.crypto import Keyring, UndecryptableError, new_key
from portal.db import make_engine, session
from portal.migrate import downgrade, upgrade
from portal.models import Base, ReportComment, ReportVersion, StaffUser, SupportRequest
from tests.functional.family_helpers import (
    MARKER,
    family_in,
    get_invitation,
    get_worker,
    make_family,
)


def raw_dump(engine) -> str:
    """Every value of every table, read with plain SQL (no models, no keys)."""
    cells = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(text(f"SELECT * FROM {table.name}")):  # noqa: S608
                cells.extend(str(value) for value in row)
    return "\n".join(cells)


def test_the_raw_tables_hold_no_family_words(app, ctx):
    family = make_family(ctx)
    dump = raw_dump(app.extensions["db_engine"])
    assert "Dana Whitfield" in dump  # the dump does read the tables
    assert MARKER not in dump and MARKER.upper() not in dump
    for words in family.words.values():
        assert words not in dump


def test_no_hash_of_a_familys_words_is_stored(app, ctx):
    """An unkeyed hash of a sent version or a shared report would let anyone with a copy
    of the database confirm a guess at what a parent wrote: none is stored, in any
    layout of the JSON."""
    import hashlib
    import json

    family = make_family(ctx)
    ctx.close()
    db = session()
    contents = [sending.latest(get_invitation(db, family)).content]
    contents += [v.content for v in db.scalars(select(ReportVersion))]
    assert len(contents) >= 2
    dump = raw_dump(app.extensions["db_engine"])
    for content in contents:
        for layout in ({"sort_keys": True, "separators": (",", ":")}, {}, {"sort_keys": True}):
            for ascii_only in (True, False):
                data = json.dumps(content, ensure_ascii=ascii_only, **layout).encode()
                for digest in (hashlib.sha256(data), hashlib.sha1(data), hashlib.md5(data)):  # noqa: S324
                    assert digest.hexdigest() not in dump


def test_the_app_reads_every_value_back(app, ctx):
    family = make_family(ctx)
    ctx.close()
    db = session()
    invitation = get_invitation(db, family)
    assert answers.answers_for(invitation)["risks.change"] == family.words["answer"]
    assert answers.answers_for(invitation)["strengths.family"] == family.words["answer_rtl"]
    comment = db.scalar(select(ReportComment).where(ReportComment.invitation_id == invitation.id))
    assert comment.text == family.words["comment"]
    request = db.scalar(select(SupportRequest))
    assert request.details == {"notes": family.words["request"]}
    assert request.staff_note == family.words["staff_note"]
    version = sending.latest(invitation)
    assert version.content["answers"]["risks.change"] == family.words["answer"]
    assert get_worker(db, family).totp_secret == f"JBSWY3DP{MARKER.upper()}"


def test_a_wrong_key_fails_loudly(app, ctx, database_url):
    make_family(ctx)
    wrong = create_app({**app.config, "ENCRYPTION_KEYS": [new_key()]})
    try:
        with wrong.app_context(), pytest.raises(UndecryptableError):
            session().scalars(select(StaffUser.totp_secret)).all()
    finally:
        wrong.extensions["db_engine"].dispose()


def test_a_malformed_key_refuses_to_start(app):
    from portal.crypto import KeyProblem

    with pytest.raises(KeyProblem):
        create_app({**app.config, "ENCRYPTION_KEYS": ["not-a-key"]})


def test_rotate_key_re_encrypts_everything_and_old_keys_still_open(app):
    family = family_in(app)
    engine = app.extensions["db_engine"]
    before = raw_dump(engine)
    old = list(app.config["ENCRYPTION_KEYS"])
    rotated = create_app({**app.config, "ENCRYPTION_KEYS": [new_key(), *old]})
    try:
        result = rotated.test_cli_runner().invoke(args=["portal", "rotate-key"])
        assert result.exit_code == 0, result.output
        assert "answer.text: 2 checked, 2 re-encrypted." in result.output
        assert "staff_user.totp_secret: 1 checked, 1 re-encrypted." in result.output
        again = rotated.test_cli_runner().invoke(args=["portal", "rotate-key"])
        assert "Done: 0 value(s) re-encrypted" in again.output  # idempotent
        # Only the new key is needed now: the old one alone opens nothing.
        first_key = rotated.config["ENCRYPTION_KEYS"][:1]
        only_new = create_app({**app.config, "ENCRYPTION_KEYS": first_key})
        with only_new.app_context():
            invitation = get_invitation(session(), family)
            assert answers.answers_for(invitation)["risks.change"] == family.words["answer"]
        only_new.extensions["db_engine"].dispose()
        with app.app_context(), pytest.raises(UndecryptableError):
            answers.answers_for(get_invitation(session(), family))
    finally:
        rotated.extensions["db_engine"].dispose()
    assert raw_dump(engine) != before


def test_rotate_key_stops_on_a_value_no_key_opens(app):
    family_in(app)
    with app.extensions["db_engine"].begin() as conn:
        conn.execute(text("UPDATE answer SET text = 'plain words'"))
    result = app.test_cli_runner().invoke(args=["portal", "rotate-key"])
    assert result.exit_code != 0
    assert "cannot be decrypted" in result.output


def test_the_migration_encrypts_existing_rows_and_decrypts_them_on_the_way_down(
    app, scratch_engine
):
    """Rows written in plain text before the migration are encrypted by it, read back
    by the app, and plain again after a downgrade."""
    engine = scratch_engine
    upgrade(engine, "b9d28235ae28")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO council (id, slug, name) VALUES (1, 'w', 'W')"))
        conn.execute(text(
            "INSERT INTO staff_user (id, council_id, email, name, phone, role, password_hash, "
            "totp_secret, active, session_epoch, failed_sign_ins, created_at) VALUES "
            "(1, 1, 'a@example.org', 'A', '', 'manager', 'x', 'JBSWY3DPQUETZAL', true, 0, 0, "
            "'2026-01-01 00:00:00+00:00')"))
        conn.execute(text(
            "INSERT INTO conference (id, council_id, kind, starts_on, starts_at, place, "
            "chair_name, created_at) VALUES (1, 1, 'initial', '2026-01-05', '10:00:00', 'R', "
            "'C', '2026-01-01 00:00:00+00:00')"))
        conn.execute(text(
            "INSERT INTO invitation (id, conference_id, name, preferred_language, email, mobile, "
            "token_hash, code_hash, failed_codes, session_epoch, created_at) VALUES "
            "(1, 1, 'Dana', 'en', '', '', 't', 'c', 0, 0, '2026-01-01 00:00:00+00:00')"))
        conn.execute(text(
            "INSERT INTO answer (id, invitation_id, key, text, updated_at) VALUES "
            "(1, 1, 'risks.change', 'Quetzal answer', '2026-01-01 00:00:00+00:00')"))
        conn.execute(text(
            "INSERT INTO submission (id, invitation_id, number, reference, sent_at, content, "
            "content_hash) VALUES (1, 1, 1, 'ABCD-EFGH', '2026-01-01 00:00:00+00:00', "
            """'{"answers": {"risks.change": "Quetzal answer"}}', 'h')"""))
        conn.execute(text(
            "INSERT INTO support_request (id, invitation_id, kind, details, state, staff_note, "
            "created_at, updated_at) VALUES (1, 1, 'other', '{\"notes\": \"Quetzal need\"}', "
            "'open', 'Quetzal note', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')"))
    with app.app_context():
        upgrade(engine)
    assert "Quetzal" not in raw_dump(engine).replace("QUETZAL", "")
    assert "QUETZAL" not in raw_dump(engine)
    reader = create_app({**app.config, "DATABASE_URL": str(engine.url.render_as_string(False))})
    with reader.app_context():
        db = session()
        assert db.get(StaffUser, 1).totp_secret == "JBSWY3DPQUETZAL"
        assert db.get(SupportRequest, 1).details == {"notes": "Quetzal need"}
        assert db.get(SupportRequest, 1).staff_note == "Quetzal note"
        db.close()
    reader.extensions["db_engine"].dispose()
    with app.app_context():
        downgrade(engine, "b9d28235ae28")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT text FROM answer")).scalar() == "Quetzal answer"
        assert conn.execute(text("SELECT totp_secret FROM staff_user")).scalar() == (
            "JBSWY3DPQUETZAL"
        )
        content = conn.execute(text("SELECT content FROM submission")).scalar()
        assert "Quetzal answer" in str(content)
    assert "totp_secret" in {c["name"] for c in inspect(engine).get_columns("staff_user")}


def test_the_migration_refuses_existing_rows_without_the_app(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'nokeys.db'}")
    upgrade(engine, "b9d28235ae28")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO council (id, slug, name) VALUES (1, 'w', 'W')"))
        conn.execute(text(
            "INSERT INTO staff_user (id, council_id, email, name, phone, role, password_hash, "
            "totp_secret, active, session_epoch, failed_sign_ins, created_at) VALUES "
            "(1, 1, 'a@example.org', 'A', '', 'manager', 'x', 'JBSWY3DP', 1, 0, 0, "
            "'2026-01-01 00:00:00+00:00')"))
    with pytest.raises(RuntimeError, match="needs the keys"):
        upgrade(engine)
    engine.dispose()


def test_keyring_is_built_once_per_app(app):
    assert isinstance(app.extensions["keyring"], Keyring)


def test_production_needs_encryption_keys(monkeypatch):
    from portal.config import ConfigError, load_config

    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.delenv("ENCRYPTION_KEYS", raising=False)
    with pytest.raises(ConfigError, match="ENCRYPTION_KEYS"):
        load_config()
    key = new_key()
    monkeypatch.setenv("ENCRYPTION_KEYS", f" {key} , {new_key()} ,")
    assert load_config()["ENCRYPTION_KEYS"][0] == key
