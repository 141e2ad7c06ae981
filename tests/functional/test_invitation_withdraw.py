"""Issuing a new code clears the passphrase; staff can end an invitation, and the parent
is told plainly on their next visit, with nothing deleted (issue 13, defect 3)."""

from sqlalchemy import select

from portal.models import Answer, Invitation
from tests.conftest import check_page, csrf_token
from tests.functional.parent_helpers import in_db, page, post_form
from tests.functional.parent_helpers import sign_in as parent_sign_in
from tests.functional.report_helpers import make_family, staff_sign_in

PASSPHRASE = "blue kettle on the hill"


def _staff_post(client, url):
    html = client.get(url).get_data(as_text=True)
    check_page(html)
    return client.post(url, data={"csrf_token": csrf_token(html)})


def _try(client, token, secret):
    client.get(f"/i/{token}")
    html = client.get("/sign-in").get_data(as_text=True)
    return client.post("/sign-in", data={"csrf_token": csrf_token(html), "secret": secret})


def test_a_new_code_clears_the_passphrase(app, client):
    family = make_family(app)
    invitation_id, token, code = family.parents[0]
    parent = app.test_client()
    parent_sign_in(parent, token, code)
    post_form(parent, "/passphrase", {"passphrase": PASSPHRASE, "confirm": PASSPHRASE})
    staff_sign_in(client, family.social_worker_email)
    base = f"/staff/conferences/{family.conference_id}/invitations/{invitation_id}"
    response = _staff_post(client, f"{base}/reissue")
    letter = check_page(client.get(response.headers["Location"]).get_data(as_text=True))
    new_token = letter.find(class_="letter-link").get_text().strip().rsplit("/", 1)[1]
    assert in_db(app, lambda db: db.get(Invitation, invitation_id).passphrase_hash) is None
    # The old passphrase opens nothing, even with the new link.
    assert _try(app.test_client(), new_token, PASSPHRASE).status_code != 302


def test_staff_end_an_invitation_and_the_parent_is_told_with_nothing_deleted(app, client):
    family = make_family(app)
    invitation_id, token, code = family.parents[0]
    parent = app.test_client()
    parent_sign_in(parent, token, code)
    assert post_form(parent, "/views/risks", {"risks.report": "My own words"}).status_code == 302
    staff_sign_in(client, family.social_worker_email)
    base = f"/staff/conferences/{family.conference_id}"
    response = _staff_post(client, f"{base}/invitations/{invitation_id}/withdraw")
    assert response.status_code == 302
    html = client.get(base).get_data(as_text=True)
    assert "Invitation ended on" in html and "has ended. What they wrote is kept." in html

    # Signed in at that moment: the session ends.
    response = parent.get("/tasks")
    assert response.status_code == 302
    # The next visit, with the link and the right code: told plainly, not signed in.
    again = app.test_client()
    again.get(f"/i/{token}")
    soup = check_page(page(again, "/sign-in"))
    assert soup.h1.get_text() == "This invitation has ended"
    assert "Nothing you wrote has been deleted" in soup.get_text()
    assert again.post("/sign-in", data={"secret": code}).status_code != 302
    assert again.get("/tasks").status_code == 302
    # Nothing deleted.
    texts = in_db(app, lambda db: [
        a.text for a in db.scalars(select(Answer).where(Answer.invitation_id == invitation_id))
    ])
    assert "My own words" in texts
    # A new code invites them again.
    response = _staff_post(client, f"{base}/invitations/{invitation_id}/reissue")
    letter = check_page(client.get(response.headers["Location"]).get_data(as_text=True))
    new_token = letter.find(class_="letter-link").get_text().strip().rsplit("/", 1)[1]
    new_code = letter.find(class_="letter-code").get_text().strip()
    parent_sign_in(app.test_client(), new_token, new_code)
