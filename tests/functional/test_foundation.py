"""The foundation: configuration, headers, error pages, the demo command."""

import json

import pytest

from portal.config import ConfigError, load_config
from tests.conftest import check_page


def test_production_refuses_placeholder_secret(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        load_config()
    monkeypatch.setenv("SECRET_KEY", "dev")
    with pytest.raises(ConfigError):
        load_config()
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("ENCRYPTION_KEYS", "zUvwsdOFLOOoUOCm8tAOedpy4MOYqgyuIIybVQzY2V8=")
    config = load_config()
    assert config["SESSION_COOKIE_SECURE"] is True


def test_start_page_and_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    check_page(response.get_data(as_text=True))
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    soup = check_page(response.get_data(as_text=True))
    assert "Page not found" in soup.h1.get_text()


def test_server_compresses_pages(client):
    response = client.get("/", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers.get("Content-Encoding") in ("br", "gzip")


def test_demo_command_refuses_second_run(app, database_url):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["portal", "demo", "--json"])
    assert first.exit_code == 0, first.output
    data = json.loads(first.output)
    assert {u["role"] for u in data["staff"]} == {
        "social_worker", "manager", "interpreter", "admin"
    }
    assert len(data["invitations"]) >= 2
    assert all(i["link"].startswith("/i/") for i in data["invitations"])
    second = runner.invoke(args=["portal", "demo", "--json"])
    assert second.exit_code == 1
    assert "already has data" in second.output


def test_the_database_going_away_at_the_commit_gets_the_friendly_page(app, client, monkeypatch):
    """The connection can drop at the commit itself, after the view has run (seen under
    load while PostgreSQL restarts): the parent gets the 503 page that says to try
    again, never a 500. Both databases."""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    from tests.conftest import csrf_token
    from tests.functional.parent_helpers import make_parents

    ((_id, token, code),) = make_parents(app)
    client.get(f"/i/{token}")
    html = client.get("/sign-in").get_data(as_text=True)

    def gone(self):
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(Session, "commit", gone)
    response = client.post("/sign-in", data={"csrf_token": csrf_token(html), "secret": code})
    assert response.status_code == 503, response.status_code
    assert response.headers["Retry-After"] == "30"
