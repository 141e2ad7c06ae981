"""The parent's pages: task list, About, the views pages and their bad input,
stale forms and read-only pages after the conference has started."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from portal import questions
from portal.models import Answer, Invitation, TaskProgress
from tests.conftest import check_page, csrf_token
from tests.functional.parent_helpers import in_db, make_parents, page, post_form, sign_in


@pytest.fixture
def signed_in(app, client):
    ((invitation_id, token, code),) = make_parents(app)
    sign_in(client, token, code)
    return invitation_id


def _answers(app, invitation_id):
    return in_db(
        app,
        lambda db: {
            a.key: a.text
            for a in db.scalars(select(Answer).where(Answer.invitation_id == invitation_id))
        },
    )


def _statuses(html):
    soup = check_page(html)
    return {
        " ".join(
            task.select_one(".task-name > a, .task-name > span").get_text().split()
        ): task.select_one(".tag").get_text()
        for task in soup.select(".task")
    }


def test_every_page_is_well_formed_and_never_cached(client, signed_in):
    urls = ["/tasks", "/about", "/check", "/send", "/sent", "/passphrase"] + [
        f"/views/{p.slug}" for p in questions.PAGES
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        check_page(response.get_data(as_text=True))
        assert response.headers["Cache-Control"] == "no-store", url
        assert "data-leave" in response.get_data(as_text=True)


def test_task_list_starts_with_honest_statuses(client, signed_in):
    html = page(client, "/tasks")
    statuses = _statuses(html)
    assert statuses["About your conference"] == "Not started"
    # The report has not been shared yet: it cannot be started, and has no link.
    assert statuses["Read the social worker's report"] == "Cannot start yet"
    assert 'href="/report"' not in html
    assert statuses["What you need for the conference"] == "Not started"
    assert 'href="/what-you-need"' in html
    assert statuses["Risks and concerns"] == "Not started"
    assert statuses["Check your answers"] == "Cannot start yet"
    assert statuses["Send your answers"] == "Cannot start yet"


def test_about_shows_the_conference_and_continue_completes_it(client, signed_in):
    html = page(client, "/about")
    for fact in [
        "Room 2, Family Centre",
        "Ruth Adeyemi",
        "10:00",
        "Amani",
        "cannot take your child into care",
        "a police officer",
        "Key dates",
        "First core group meeting by",
    ]:
        assert fact in html, fact
    response = post_form(client, "/about", {})
    assert response.headers["Location"].endswith("/tasks")
    assert _statuses(page(client, "/tasks"))["About your conference"] == "Completed"


def test_views_page_saves_and_moves_on(app, client, signed_in):
    html = page(client, "/views/strengths")
    soup = check_page(html)
    assert len(soup.select("textarea")) == 3
    assert "If nobody else talks about your family's strengths" in soup.get_text()
    words = "ስድራይ ደሓን እያ 👨‍👩‍👧 <script>alert(1)</script>\nسطر ثانٍ 第二行"
    response = post_form(
        client, "/views/strengths", {"strengths.family": words, "strengths.parent": ""}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/views/support")
    assert _answers(app, signed_in) == {"strengths.family": words}
    html = page(client, "/views/strengths")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    statuses = _statuses(page(client, "/tasks"))
    assert statuses["Strengths"] == "Completed" and statuses["Check your answers"] == "Not started"
    # Emptying a box removes the answer.
    post_form(client, "/views/strengths", {"strengths.family": "  "})
    assert _answers(app, signed_in) == {}


def test_last_page_goes_back_to_the_task_list(client, signed_in):
    response = post_form(client, "/views/anything-else", {"other.anything": "Thank you"})
    assert response.headers["Location"].endswith("/tasks")


def test_change_link_from_check_returns_to_check(client, signed_in):
    post_form(client, "/views/risks", {"risks.report": "First"})
    soup = check_page(page(client, "/check"))
    link = soup.find("a", href=lambda h: h and h.startswith("/views/risks?return=check"))
    assert link is not None
    response = post_form(client, link["href"].split("#")[0], {"risks.report": "Second"})
    assert response.headers["Location"].endswith("/check")


def _error_texts(html):
    soup = check_page(html)
    assert soup.title.get_text().startswith("Error:")
    return soup.select_one(".error-summary").get_text(), soup.select_one(
        ".error-message"
    ).get_text()


def test_over_long_answer_is_refused_and_kept(app, client, signed_in):
    family = "👍🏽"  # one character as a person sees it (two code points)
    post_form(client, "/views/risks", {"risks.change": "saved before"})
    too_long = family * 5001
    response = post_form(
        client, "/views/risks", {"risks.change": too_long, "risks.report": "kept too"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    summary, beside = _error_texts(html)
    assert "5,000 characters or fewer" in summary and "5,001" in beside
    assert too_long in html and "kept too" in html
    assert _answers(app, signed_in) == {
        "risks.change": "saved before"
    }  # nothing lost, nothing half-saved
    assert post_form(client, "/views/risks", {"risks.change": family * 5000}).status_code == 302
    assert _answers(app, signed_in)["risks.change"] == family * 5000


@pytest.mark.parametrize(
    "bad, message",
    [
        ("a\x00b", "hidden control characters"),
        ("bell\x07", "hidden control characters"),
        ("esc\x1b[31m", "hidden control characters"),
    ],
)
def test_control_characters_are_refused(app, client, signed_in, bad, message):
    response = post_form(client, "/views/next-steps", {"next.after": bad, "next.you": "fine"})
    assert response.status_code == 200
    summary, _beside = _error_texts(response.get_data(as_text=True))
    assert message in summary
    assert _answers(app, signed_in) == {}


@pytest.mark.parametrize("bad", [b"caf\xc3\x28\xff", b"caf%C3%28%FF"], ids=["raw", "escaped"])
def test_invalid_utf8_is_refused_and_the_rest_kept(app, client, signed_in, bad):
    token = csrf_token(page(client, "/views/support"))
    body = (
        b"csrf_token=" + token.encode() + b"&support.people=" + bad + b"&support.services=kept%20ok"
    )
    response = client.post(
        "/views/support", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    summary, _beside = _error_texts(html)
    assert "could not read" in summary
    assert "kept ok" in html
    assert _answers(app, signed_in) == {}


def test_unknown_page_is_404(client, signed_in):
    response = client.get("/views/not-a-page")
    assert response.status_code == 404
    check_page(response.get_data(as_text=True))
    assert client.get("/sent/AAAA-BBBB").status_code == 404


def test_stale_token_while_signed_in_shows_the_form_again_unsaved(app, client, signed_in):
    response = client.post(
        "/views/risks", data={"csrf_token": "stale-token", "risks.report": "ምስ ቤተሰበይ 😊"}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    soup = check_page(html)
    assert "ምስ ቤተሰበይ 😊" in html
    # One reason in the error summary, leading to the first box; no box is at fault.
    problems = soup.select(".error-summary li")
    assert len(problems) == 1 and "not saved yet" in problems[0].get_text()
    assert problems[0].a["href"] == "#" + soup.find("textarea")["id"]
    assert not soup.select(".error-message")
    assert _answers(app, signed_in) == {}
    fresh = csrf_token(html)
    again = client.post("/views/risks", data={"csrf_token": fresh, "risks.report": "ምስ ቤተሰበይ 😊"})
    assert again.status_code == 302
    assert _answers(app, signed_in) == {"risks.report": "ምስ ቤተሰበይ 😊"}


def test_form_posted_after_timeout_is_shown_back_not_saved(app, client, signed_in):
    token = csrf_token(page(client, "/views/risks"))
    with client.session_transaction() as s:
        data = dict(s["parent"])
        data["seen"] -= 30 * 60
        s["parent"] = data
    typed = "<b>my words</b> ትግርኛ"
    response = client.post("/views/risks", data={"csrf_token": token, "risks.report": typed})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    soup = check_page(html)
    assert "We could not save this" in soup.h1.get_text()
    assert "<b>my words</b>" not in html and "&lt;b&gt;my words&lt;/b&gt; ትግርኛ" in html
    assert soup.find("textarea", attrs={"readonly": True}).get_text() == typed
    assert "Sign in again" in html
    assert _answers(app, signed_in) == {}


def test_form_posted_with_no_session_at_all_is_shown_back(app, client):
    response = client.post("/views/risks", data={"csrf_token": "x", "risks.report": "lost?"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    check_page(html)
    assert "lost?" in html and "open the link from your letter" in html


def test_secrets_are_never_shown_back(client, signed_in):
    response = client.post(
        "/passphrase",
        data={"csrf_token": "stale", "passphrase": "hunter two three", "confirm": "x"},
    )
    assert response.status_code == 400
    assert "hunter two three" not in response.get_data(as_text=True)


def _start_conference_now(app, invitation_id):
    def move(db):
        conference = db.get(Invitation, invitation_id).conference
        conference.starts_on = date.today() - timedelta(days=1)
        conference.starts_at = time(9, 0)

    in_db(app, move)


def test_after_the_conference_starts_pages_are_read_only(app, client, signed_in):
    post_form(client, "/views/risks", {"risks.report": "Before the day"})
    token = csrf_token(page(client, "/views/risks"))
    _start_conference_now(app, signed_in)
    html = page(client, "/views/risks")
    assert "Your conference has started" in html and "Before the day" in html
    assert "<textarea" not in html
    response = client.post("/views/risks", data={"csrf_token": token, "risks.report": "Too late"})
    assert response.status_code == 400
    assert "Too late" in response.get_data(as_text=True)
    assert _answers(app, signed_in) == {"risks.report": "Before the day"}
    assert "Your conference has started" in page(client, "/tasks")
    assert "Your conference has started" in page(client, "/send")
    response = client.post("/send", data={"csrf_token": token})
    assert response.status_code == 400
    assert in_db(app, lambda db: db.get(Invitation, signed_in).submissions) == []


def test_pages_need_a_session(client):
    for url in ["/tasks", "/about", "/views/risks", "/check", "/send", "/sent", "/passphrase"]:
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith("/sign-in"), (
            url
        )


def test_progress_is_recorded_per_page(app, client, signed_in):
    post_form(client, "/views/risks", {"risks.report": "x"})
    pages = in_db(
        app,
        lambda db: sorted(
            p.page
            for p in db.scalars(select(TaskProgress).where(TaskProgress.invitation_id == signed_in))
        ),
    )
    assert pages == ["views.risks"]


def test_a_partial_post_never_wipes_saved_answers(app, client, signed_in):
    post_form(client, "/views/risks", {"risks.report": "One", "risks.change": "Two"})
    post_form(client, "/views/risks", {"risks.report": "One, changed"})
    assert _answers(app, signed_in) == {"risks.report": "One, changed", "risks.change": "Two"}


def test_continue_without_changes_keeps_check_completed(client, signed_in):
    post_form(client, "/views/risks", {"risks.report": "Same"})
    post_form(client, "/check", {})
    post_form(client, "/views/risks", {"risks.report": "Same"})
    assert _statuses(page(client, "/tasks"))["Check your answers"] == "Completed"


def test_sign_out_works_even_with_a_stale_token(client, signed_in):
    response = client.post("/sign-out", data={"csrf_token": "old"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/signed-out?reason=you")
    assert client.get("/tasks").status_code == 302
