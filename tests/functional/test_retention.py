"""`flask portal purge`: what goes when the council's periods have passed, which
anonymous counts stay, and that running it again changes nothing."""

from datetime import timedelta

from sqlalchemy import func, select

from portal import invitations, retention
from portal.db import session
from portal.models import (
    Answer,
    Base,
    Child,
    Conference,
    Invitation,
    OutboxMessage,
    ReportVersion,
    SignInAttempt,
    Submission,
    SupportRequest,
)
from portal.models._types import utcnow
from portal.models.outbox import Channel, MessageStatus
from portal.profiles import Retention
from tests.functional.family_helpers import family_in
from tests.functional.test_data_at_rest import raw_dump


def readable_dump(app) -> str:
    """Every value of every table as the app reads it (decrypted)."""
    cells = []
    with app.app_context():
        for table in Base.metadata.sorted_tables:
            for row in session().execute(select(table)):
                cells.extend(str(value) for value in row)
        session().close()
    return "\n".join(cells)


def counts(app, conference_id: int) -> dict[str, object]:
    with app.app_context():
        db = session()
        invitation_ids = select(Invitation.id).where(Invitation.conference_id == conference_id)
        found = {
            "invitations": db.scalar(
                select(func.count()).where(Invitation.conference_id == conference_id)
            ),
            "signed_in": db.scalar(select(func.count()).where(
                Invitation.conference_id == conference_id,
                Invitation.first_signed_in_at.is_not(None),
            )),
            "versions": db.scalar(
                select(func.count()).where(Submission.invitation_id.in_(invitation_ids))
            ),
            "requests": sorted(
                (r.kind.value, r.state.value)
                for r in db.scalars(
                    select(SupportRequest).where(SupportRequest.invitation_id.in_(invitation_ids))
                )
            ),
            "report_versions": db.scalar(select(func.count()).select_from(ReportVersion)),
            "children": db.scalar(
                select(func.count()).where(Child.conference_id == conference_id)
            ),
        }
        db.close()
    return found


def _old_and_new_rows(app, family):
    now = utcnow()
    with app.app_context():
        db = session()
        for days in (100, 10):
            db.add(SignInAttempt(kind="staff", address="192.0.2.1", at=now - timedelta(days=days)))
            db.add(OutboxMessage(
                event="reminder", channel=Channel.EMAIL, to_address=f"sent{days}@example.net",
                subject="s", body="b", status=MessageStatus.SENT, created_at=now - timedelta(
                    days=days), sent_at=now - timedelta(days=days),
            ))
        db.add(OutboxMessage(
            event="reminder", channel=Channel.EMAIL, to_address="waiting@example.net",
            subject="s", body="b", status=MessageStatus.QUEUED,
            created_at=now - timedelta(days=100),
        ))
        invitation = db.get(Invitation, family.invitation_id)
        invitation.first_signed_in_at = now - timedelta(days=400)
        db.commit()
        db.close()


def test_purge_empties_old_conferences_keeps_counts_and_is_idempotent(app):
    old = family_in(app, marker="Oldfamilyword", name="Olive Oldham", days_ahead=-370)
    recent = family_in(app, marker="Newfamilyword", name="Nina Newman", days_ahead=-330)
    _old_and_new_rows(app, old)
    counts_before = counts(app, old.conference_id)
    assert counts_before["versions"] == 1 and counts_before["requests"] == [("other", "arranged")]

    result = app.test_cli_runner().invoke(args=["portal", "purge"])
    assert result.exit_code == 0, result.output
    assert "Family content removed from 1 conference(s)" in result.output
    assert "Sign-in attempts older than 90 days removed: 1." in result.output

    dump = readable_dump(app)
    for words in old.words.values():
        assert words not in dump
    assert "Oldfamilyword" not in dump.replace("OLDFAMILYWORD", "")  # the worker's 2FA stays
    assert "Olive Oldham" not in dump and "oldfamilyword@example.net" not in dump
    for words in recent.words.values():
        assert words in dump  # within the period: untouched
    assert "Nina Newman" in dump
    # The anonymous counts stay.
    assert counts(app, old.conference_id) == counts_before
    # Old finished messages and attempts went; recent ones and waiting messages stay.
    assert "sent100@example.net" not in dump and "sent10@example.net" in dump
    assert "waiting@example.net" in dump
    with app.app_context():
        db = session()
        assert db.scalar(select(func.count()).select_from(SignInAttempt)) == 1
        assert db.scalar(select(func.count()).where(
            Answer.invitation_id == old.invitation_id)) == 0
        assert db.get(Conference, old.conference_id).family_content_removed_at is not None
        assert db.get(Conference, recent.conference_id).family_content_removed_at is None
        # The old link no longer opens anything.
        assert invitations.by_token(old.token) is None
        assert invitations.by_token(recent.token) is not None
        db.close()

    before_again = raw_dump(app.extensions["db_engine"])
    again = app.test_cli_runner().invoke(args=["portal", "purge"])
    assert "Family content removed from 0 conference(s)" in again.output
    assert raw_dump(app.extensions["db_engine"]) == before_again


def test_the_old_link_gets_the_ordinary_not_recognised_page(app, client):
    old = family_in(app, days_ahead=-400)
    app.test_cli_runner().invoke(args=["portal", "purge"])
    response = client.get(f"/i/{old.token}", follow_redirects=True)
    assert response.status_code in (200, 404)
    assert "Dana Whitfield" not in response.get_data(as_text=True)


def test_the_council_sets_the_periods(app):
    old = family_in(app, days_ahead=-400)
    with app.app_context():
        done = retention.purge(Retention(family_content_months=24))
        session().commit()
        assert done.conferences == 0
        assert session().get(Conference, old.conference_id).family_content_removed_at is None
        done = retention.purge(Retention(family_content_months=6))
        session().commit()
        assert done.conferences == 1
        session().close()


def test_the_privacy_notice_shows_the_councils_own_periods(app, tmp_path):
    from portal import create_app
    from portal.profiles import PROFILE_DIR

    toml = (PROFILE_DIR / "westminster.toml").read_text()
    (tmp_path / "westminster.toml").write_text(
        toml + "\n[retention]\nfamily_content_months = 24\nsign_in_attempts_days = 30\n"
        "delivered_messages_days = 1\n"
    )
    council = create_app({**app.config, "PORTAL_PROFILE_DIR": str(tmp_path)})
    try:
        html = council.test_client().get("/privacy").get_data(as_text=True)
    finally:
        council.extensions["db_engine"].dispose()
    assert "every version you sent 24 months after the conference" in html
    assert "removed after 30 days" in html
    assert "removed 1 day after they were sent" in html


def test_staff_see_that_the_content_was_removed_and_the_pages_still_work(app, client):
    from portal.models.staff import Role
    from tests.conftest import check_page, make_staff
    from tests.functional.report_helpers import staff_sign_in

    old = family_in(app, days_ahead=-400)
    with app.app_context():
        manager = make_staff(session(), Role.MANAGER)
        session().commit()
        email = manager.email
        session().close()
    app.test_cli_runner().invoke(args=["portal", "purge"])
    staff_sign_in(client, email)
    base = f"/staff/conferences/{old.conference_id}"
    for url in (base, f"{base}/family", f"{base}/family/{old.invitation_id}",
                f"{base}/family/{old.invitation_id}/versions/1",
                f"{base}/family/{old.invitation_id}/print",
                f"{base}/requests", f"{base}/report", f"{base}/report/versions/1"):
        response = client.get(url)
        assert response.status_code == 200, url
        check_page(response.get_data(as_text=True))
    html = client.get(f"/staff/conferences/{old.conference_id}").get_data(as_text=True)
    assert "content was removed on" in html


def test_purge_removes_secrets_no_one_took(app):
    """A new invitation's link and code, or a second-factor secret, held for a member of
    staff who never came back for it: gone once it has expired, even if nobody ever
    holds another secret (which also sweeps them)."""
    from portal.models import HeldSecret, StaffUser

    def hold(db):
        staff = db.scalars(select(StaffUser)).first()
        now = utcnow()
        db.add_all([
            HeldSecret(staff_id=staff.id, purpose="letter", value={"code": "12345678"},
                       expires_at=now - timedelta(minutes=1)),
            HeldSecret(staff_id=staff.id, purpose="totp_enrol", value={"secret": "x"},
                       expires_at=now + timedelta(minutes=10)),
        ])

    family_in(app, marker="Heldword", name="Hana Held", days_ahead=10)
    with app.app_context():
        hold(session())
        session().commit()
    result = app.test_cli_runner().invoke(args=["portal", "purge"])
    assert result.exit_code == 0, result.output
    assert "Expired secrets held for staff removed: 1." in result.output
    with app.app_context():
        purposes = session().scalars(select(HeldSecret.purpose)).all()
        assert purposes == ["totp_enrol"]
        session().close()
