from datetime import timedelta

from portal import throttle
from portal.models import SignInAttempt
from portal.models._types import utcnow
from tests.conftest import make_invitation


def test_five_wrong_codes_for_one_invitation_block_it(ctx):
    invitation, _token, _code = make_invitation(ctx)
    for _ in range(4):
        throttle.record("parent", "10.0.0.1", False, invitation_id=invitation.id)
    assert throttle.blocked_until("parent", "10.0.0.9", invitation_id=invitation.id) is None
    throttle.record("parent", "10.0.0.2", False, invitation_id=invitation.id)
    until = throttle.blocked_until("parent", "10.0.0.9", invitation_id=invitation.id)
    assert until is not None and until > utcnow() + timedelta(minutes=14)


def test_twenty_failures_from_one_address_block_the_address(ctx):
    for _ in range(19):
        throttle.record("parent", "10.0.0.1", False)
    assert throttle.blocked_until("parent", "10.0.0.1") is None
    throttle.record("parent", "10.0.0.1", False)
    assert throttle.blocked_until("parent", "10.0.0.1") is not None
    assert throttle.blocked_until("parent", "10.0.0.2") is None
    assert throttle.blocked_until("staff", "10.0.0.1") is None


def test_old_failures_do_not_count(ctx):
    long_ago = utcnow() - timedelta(minutes=16)
    for _ in range(25):
        ctx.add(SignInAttempt(kind="parent", address="10.0.0.1", succeeded=False, at=long_ago))
    ctx.flush()
    assert throttle.blocked_until("parent", "10.0.0.1") is None
