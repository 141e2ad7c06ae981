"""Check and send: versions kept unchanged, the latest marked, one version per
double click, references private to their family, and the task statuses."""

import pytest
from sqlalchemy import select

from portal import sending
from portal.models import Submission
from tests.conftest import check_page, csrf_token
from tests.functional.parent_helpers import in_db, make_parents, page, post_form, sign_in


@pytest.fixture
def signed_in(app, client):
    ((invitation_id, token, code),) = make_parents(app)
    sign_in(client, token, code)
    return invitation_id


def _versions(app, invitation_id):
    return in_db(
        app,
        lambda db: [
            (s.number, s.reference, s.content)
            for s in db.scalars(
                select(Submission)
                .where(Submission.invitation_id == invitation_id)
                .order_by(Submission.number)
            )
        ],
    )


def _send(client):
    return post_form(client, "/send", {})


def test_nothing_to_send_yet(client, signed_in):
    html = page(client, "/send")
    assert "nothing to send" in html
    assert "You have not written anything yet" in page(client, "/check")


def test_check_then_send_then_confirmation(app, client, signed_in):
    post_form(client, "/views/risks", {"risks.report": "I partly agree. ትግርኛ"})
    post_form(client, "/views/anything-else", {"other.anything": "我想和我的孩子在一起 ❤️"})
    html = page(client, "/check")
    soup = check_page(html)
    changes = [a["href"] for a in soup.select(".summary-row .change a[href^='/views/']")]
    assert len(changes) == 13 and all("return=check" in h for h in changes)
    assert "I partly agree. ትግርኛ" in html and "我想和我的孩子在一起 ❤️" in html
    response = post_form(client, "/check", {})
    assert response.headers["Location"].endswith("/send")
    assert "Check your answers" in page(client, "/tasks")

    response = _send(client)
    assert response.status_code == 302
    ((number, reference, content),) = _versions(app, signed_in)
    assert number == 1
    assert content["answers"] == {
        "risks.report": "I partly agree. ትግርኛ",
        "other.anything": "我想和我的孩子在一起 ❤️",
    }
    assert response.headers["Location"].endswith(f"/sent/{reference}")
    confirmation = page(client, f"/sent/{reference}")
    soup = check_page(confirmation)
    assert "Your answers have been sent" in soup.h1.get_text()
    assert reference in confirmation and "latest version" in confirmation
    assert "我想和我的孩子在一起 ❤️" in confirmation


def test_replayed_send_makes_no_new_version(app, client, signed_in):
    post_form(client, "/views/strengths", {"strengths.family": "We laugh a lot"})
    html = page(client, "/send")
    token = csrf_token(html)
    first = client.post("/send", data={"csrf_token": token})
    second = client.post("/send", data={"csrf_token": token})
    assert first.headers["Location"] == second.headers["Location"]
    assert len(_versions(app, signed_in)) == 1
    assert "already sent these answers" in page(client, "/send")


def test_a_lost_race_shows_the_version_that_won(app, client, signed_in, monkeypatch):
    post_form(client, "/views/strengths", {"strengths.family": "First"})
    _send(client)
    post_form(client, "/views/strengths", {"strengths.family": "Second"})
    # Another request took number 2 between our reading and our writing.
    monkeypatch.setattr(sending, "_next_number", lambda invitation: 1)
    response = _send(client)
    assert response.status_code == 302
    versions = _versions(app, signed_in)
    assert len(versions) == 1
    assert response.headers["Location"].endswith(f"/sent/{versions[0][1]}")


def test_change_and_send_again_keeps_every_version(app, client, signed_in):
    post_form(client, "/views/next-steps", {"next.after": "Version one"})
    _send(client)
    statuses = page(client, "/tasks")
    assert "You sent your answers on" in statuses
    post_form(client, "/views/next-steps", {"next.after": "Version two"})
    tasks_html = page(client, "/tasks")
    assert "You changed your answers after you sent them" in tasks_html
    _send(client)
    versions = _versions(app, signed_in)
    assert [v[0] for v in versions] == [1, 2]
    assert versions[0][2]["answers"]["next.after"] == "Version one"
    assert versions[1][2]["answers"]["next.after"] == "Version two"
    listing = check_page(page(client, "/sent"))
    items = [" ".join(li.get_text().split()) for li in listing.select(".version-list li")]
    assert "latest version" in items[0] and versions[1][1] in items[0]
    assert "earlier version" in items[1] and versions[0][1] in items[1]
    old = page(client, f"/sent/{versions[0][1]}")
    assert (
        "An earlier version you sent" in old and "Version one" in old and "Version two" not in old
    )


def test_two_parents_never_see_each_other(app, client):
    (a_id, a_token, a_code), (b_id, b_token, b_code) = make_parents(app, names=["Dana", "Tesfay"])
    sign_in(client, a_token, a_code)
    post_form(client, "/views/risks", {"risks.report": "Dana private words ዳና"})
    _send(client)
    ((_n, a_reference, _c),) = _versions(app, a_id)

    other = app.test_client()
    sign_in(other, b_token, b_code)
    post_form(other, "/views/risks", {"risks.report": "Tesfay private words ተስፋይ"})
    for url in ["/tasks", "/views/risks", "/check", "/send", "/sent"]:
        html = page(other, url)
        assert "Dana private words ዳና" not in html, url
        assert a_reference not in html
    assert other.get(f"/sent/{a_reference}").status_code == 404
    # No page takes an invitation id: adding one changes nothing.
    for url in [
        f"/tasks?invitation_id={a_id}",
        f"/views/risks?id={a_id}",
        f"/check?invitation={a_id}",
    ]:
        assert "Dana private words ዳና" not in page(other, url)
    assert "Tesfay private words ተስፋይ" not in page(client, "/views/risks")
    assert "Dana private words ዳና" in page(client, "/views/risks")


def test_statuses_follow_what_is_saved_and_sent(client, signed_in):
    def status(name):
        soup = check_page(page(client, "/tasks"))
        for task in soup.select(".task"):
            if name in task.select_one(".task-name").get_text():
                return task.select_one(".tag").get_text()

    post_form(client, "/views/support", {"support.people": "My sister"})
    assert status("Services and support") == "Completed"
    assert status("Check your answers") == "Not started"
    assert status("Send your answers") == "Not started"
    post_form(client, "/check", {})
    assert status("Check your answers") == "Completed"
    _send(client)
    assert status("Send your answers") == "Completed"
    post_form(client, "/views/support", {"support.people": "My sister and my aunt"})
    assert status("Send your answers") == "In progress"
    assert status("Check your answers") == "Not started"
