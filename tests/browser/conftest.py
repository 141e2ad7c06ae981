"""Browser fixtures: the app served on a free loopback port, and Debian's Chromium
driven by Playwright. Without Chromium (or Java, or the npm packages) the browser
tests fail, saying what to install: a gate that silently skips is no gate. Only
PORTAL_SKIP_BROWSER=1, set by hand, skips them, and the run then says how many
(tests/conftest.py, pytest_terminal_summary)."""

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 360, "height": 740}


SKIP_ALL = os.environ.get("PORTAL_SKIP_BROWSER") == "1"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if SKIP_ALL:
                item.add_marker(pytest.mark.skip(reason="PORTAL_SKIP_BROWSER=1"))


@pytest.fixture(scope="session")
def live_server(app):
    """The app on 127.0.0.1 in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it (`apt-get install chromium "
            "fonts-liberation`, or run .ci/run), or set CHROME_PATH; PORTAL_SKIP_BROWSER=1 "
            "skips the browser tests",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized context (360x740, touch), one per test."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
