"""Under load and faults, served by gunicorn on the suite's database (SQLite or PostgreSQL).

The small version of `make bench`'s load test (20 parents at once), the same send
posted twice and at once, and a worker killed in the middle of sending.
"""

import os
import random
import signal
import threading
import time

import httpx
import pytest

from tests import load

pytestmark = pytest.mark.xdist_group("gunicorn")


@pytest.fixture
def server(app, database_url):
    """gunicorn with 4 workers on this worker's test database (cleared after the test)."""
    running = load.Server(database_url, workers=4, cheap_hashes=True)
    yield running
    running.close()


def test_twenty_parents_at_once_lose_nothing(server):
    parents = load.invite(server.app, 20)
    result = load.run(server.base, parents, concurrency=20)
    print(result.table())
    assert not result.errors, result.errors
    assert not result.stats.server_errors, result.stats.server_errors
    assert not load.read_back(server.app, parents)
    assert all(p.reference for p in parents)


def _signed_in_with_views(server, parent):
    browser = load.Browser(server.base, load.Stats())
    load.sign_in(browser, parent)
    load.save_views(browser, parent)
    return browser


def _versions(server, parent) -> list:
    from portal import sending
    from portal.db import session
    from portal.models import Invitation

    with server.app.app_context():
        found = sending.versions(session().get(Invitation, parent.invitation_id))
        rows = [(v.number, v.content) for v in found]
        session().close()
    return rows


def test_the_same_send_posted_twice_makes_one_version(server):
    (parent,) = load.invite(server.app, 1)
    browser = _signed_in_with_views(server, parent)
    page = browser.request("GET", "/send", "open send")
    token = browser.form_token(page.text)
    first = browser.request("POST", "/send", "send", {"csrf_token": token})
    again = browser.request("POST", "/send", "send", {"csrf_token": token})  # replayed
    assert first.status_code == again.status_code == 200
    assert first.url == again.url  # the same sent version, shown again
    assert len(_versions(server, parent)) == 1
    browser.close()


def test_the_same_send_posted_at_once_makes_one_version(server):
    parents = load.invite(server.app, 3)
    for parent in parents:
        browser = _signed_in_with_views(server, parent)
        token = browser.form_token(browser.request("GET", "/send", "open send").text)
        landed, start = [], threading.Barrier(8)

        def tap():
            start.wait()
            response = browser._send("POST", server.base + "/send", "send", {"csrf_token": token})
            landed.append((response.status_code, response.headers.get("location")))

        taps = [threading.Thread(target=tap) for _ in range(8)]
        for t in taps:
            t.start()
        for t in taps:
            t.join()
        assert {status for status, _where in landed} == {302}, landed
        assert len({where for _status, where in landed}) == 1, landed  # one version for all
        assert len(_versions(server, parent)) == 1
        browser.close()


def test_a_worker_killed_during_a_send_leaves_all_of_the_version_or_none(app, database_url):
    """SIGKILL the worker at moments spread over a send's life: afterwards there is the
    whole new version or none, never part of one, and the parent can send again."""
    server = load.Server(database_url, workers=1, cheap_hashes=True)
    try:
        (parent,) = load.invite(server.app, 1)
        browser = _signed_in_with_views(server, parent)
        started = time.perf_counter()
        load.send(browser, parent)  # the first version; how long a send takes here
        took = time.perf_counter() - started
        outcomes = []
        for attempt in range(4):
            changed = load.words_for(1000 + attempt)
            parent.words = changed
            load.save_views(browser, parent)
            before = _versions(server, parent)
            token = browser.form_token(browser.request("GET", "/send", "open send").text)
            (worker,) = server.worker_pids()
            sending_thread = threading.Thread(
                target=lambda: _post_quietly(browser, server.base + "/send", token)
            )
            sending_thread.start()
            # From at once to half a send's time: early kills land before the commit.
            time.sleep(took * (0, 0.1, 0.25, 0.5)[attempt] * random.uniform(0.8, 1.2))  # noqa: S311
            os.kill(worker, signal.SIGKILL)
            sending_thread.join()
            after = _versions(server, parent)
            assert len(after) in (len(before), len(before) + 1)
            if len(after) > len(before):
                number, content = after[0]
                assert content["answers"] == changed, "a partial version"
                outcomes.append("whole")
            else:
                outcomes.append("none")
            _wait_for_worker(server, worker)
            # The parent can send again: and gets exactly what they saved.
            page = browser.request("GET", "/send", "open send")
            sent = browser.request(
                "POST", "/send", "send", {"csrf_token": browser.form_token(page.text)}
            )
            assert sent.status_code == 200 and "/sent/" in sent.url.path
            latest = _versions(server, parent)[0]
            assert latest[1]["answers"] == changed
            assert len(_versions(server, parent)) == len(before) + 1
        print("after each kill:", outcomes)
        browser.close()
    finally:
        server.close()


def _post_quietly(browser, url, token):
    try:
        browser._send("POST", url, "send", {"csrf_token": token})
    except httpx.HTTPError:
        pass  # the worker died under it


def _wait_for_worker(server, dead: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pids = server.worker_pids()
        if pids and dead not in pids:
            try:
                if httpx.get(server.base + "/", timeout=10).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
        time.sleep(0.2)
    raise AssertionError("gunicorn did not replace the killed worker")
