"""The signing key fails closed (issue 13, defect 1): no key from the source is ever
used; without SECRET_KEY one is generated once and kept in the instance folder, readable
by its owner only; cookies are Secure unless a development setting says otherwise."""

import stat

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from portal.config import ConfigError, instance_secret, load_config


@pytest.fixture
def instance(tmp_path, monkeypatch):
    folder = tmp_path / "instance"
    monkeypatch.setenv("PORTAL_INSTANCE_DIR", str(folder))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("PORTAL_ENV", raising=False)
    monkeypatch.delenv("PORTAL_INSECURE_COOKIES", raising=False)
    return folder


def test_without_secret_key_a_random_key_is_made_once_and_kept_private(instance):
    first = load_config()["SECRET_KEY"]
    assert first != "development-only-key"
    assert len(first) >= 32
    kept = instance / "secret_key"
    assert kept.read_text().strip() == first
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert load_config()["SECRET_KEY"] == first  # kept, not made again


def test_a_key_file_others_can_read_is_refused(instance):
    load_config()
    (instance / "secret_key").chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        load_config()


@pytest.mark.parametrize(
    "key", ["development-only-key", "dev", "change-me", "short-but-random-3f9a"]
)
def test_known_or_short_keys_are_refused_in_every_environment(instance, monkeypatch, key):
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError):
        load_config()
    with pytest.raises(ConfigError):
        load_config({"SECRET_KEY": key})


def test_a_forged_session_with_the_old_source_key_opens_nothing(instance):
    """The confirmed attack: a manager's session signed with the key from the source."""
    forger = Flask("forger")
    forger.secret_key = "development-only-key"
    forged = SecureCookieSessionInterface().get_signing_serializer(forger).dumps(
        {"_user_id": "1:0", "_fresh": True}
    )
    app = Flask("portal-like")
    app.config.update(load_config())
    reader = SecureCookieSessionInterface().get_signing_serializer(app)
    assert reader.loads_unsafe(forged)[0] is False


def test_cookies_are_secure_unless_development_says_otherwise(instance, monkeypatch):
    config = load_config()
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_NAME"] == "__Host-portal"
    monkeypatch.setenv("PORTAL_INSECURE_COOKIES", "1")
    config = load_config()
    assert config["SESSION_COOKIE_SECURE"] is False
    assert config["SESSION_COOKIE_NAME"] == "portal"
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 20 + "9f2c4b7e1a5d8c3f6b0e")
    with pytest.raises(ConfigError, match="PORTAL_INSECURE_COOKIES"):
        load_config()


def test_production_needs_its_own_key(instance, monkeypatch):
    """Several app servers must sign alike, so production never makes a key of its own."""
    monkeypatch.setenv("PORTAL_ENV", "production")
    with pytest.raises(ConfigError):
        load_config()
    assert not (instance / "secret_key").exists()


def test_instance_secret_is_generic_and_separate_per_name(instance):
    a, b = instance_secret("one_key"), instance_secret("other_key")
    assert a != b and instance_secret("one_key") == a
    with pytest.raises(ValueError):
        instance_secret("../escape")
