"""The access matrix: for every endpoint of the app, who may use it.

`tests/functional/test_access_matrix.py` walks `app.url_map` and, for every route and
method, signs in as each of the people in ACTORS (through the real sign-in pages) and
checks that those the entry allows get the page, and everyone else is refused: sent
to a sign-in page, shown "We could not save this", or answered 404. Nobody ever gets a
5xx, and nobody outside a family's audience ever sees that family's words.

A route without an entry here fails that test. **Adding a route: add a line to ACCESS**

    "staff.my_page": Access(CONFERENCE_EDITORS),
    "staff.my_remove": Access(CONFERENCE_EDITORS, args={"thing_id": "spare_thing"}),
    "parent.my_page": Access(PARENTS),                  # a parent's own pages
    "parent.my_item": Access(OWNER),                    # takes an id of parent A's things

`allowed` names actors (below); `args` gives the URL's values, by argument name, as a
key of `World.ids` (see `world()`) or a literal; arguments not given use DEFAULT_ARGS.
The URL's ids are those of conference A and its first parent ("parent"), so `OWNER`
pages must 404 for everyone else. A POST is sent with a valid CSRF token and no other
fields; a POST that would change what later requests see (removing, withdrawing)
takes a spare record in `args`. `ends_session=True` runs the route after every other
one for that actor, in a session of its own (signing out, opening a new link); `lands`
names the sign-in or signed-out page such a route sends people to. `post` gives a different set
for the POST method where the GET is more open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# ---- who ----------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
PARENT = "parent"  # the parent of the invitation in the URL (parent A of conference A)
CO_PARENT = "co_parent"  # the other parent of conference A
OTHER_PARENT = "other_parent"  # a parent of conference B
SOCIAL_WORKER = "social_worker"  # allocated to conference A
OTHER_SOCIAL_WORKER = "other_social_worker"  # allocated to conference B
MANAGER = "manager"
INTERPRETER = "interpreter"  # assigned to conference A
UNASSIGNED_INTERPRETER = "unassigned_interpreter"  # never assigned to A
REMOVED_INTERPRETER = "removed_interpreter"  # assigned to A, then removed
ADMIN = "admin"

ACTORS = (
    ANONYMOUS,
    PARENT,
    CO_PARENT,
    OTHER_PARENT,
    SOCIAL_WORKER,
    OTHER_SOCIAL_WORKER,
    MANAGER,
    INTERPRETER,
    UNASSIGNED_INTERPRETER,
    REMOVED_INTERPRETER,
    ADMIN,
)

EVERYONE = frozenset(ACTORS)
PARENTS = frozenset({PARENT, CO_PARENT, OTHER_PARENT})  # each sees only their own
SAME_CONFERENCE_PARENTS = frozenset({PARENT, CO_PARENT})
OWNER = frozenset({PARENT})
STAFF = frozenset(
    {
        SOCIAL_WORKER,
        OTHER_SOCIAL_WORKER,
        MANAGER,
        INTERPRETER,
        UNASSIGNED_INTERPRETER,
        REMOVED_INTERPRETER,
        ADMIN,
    }
)
SOCIAL_WORKERS = frozenset({SOCIAL_WORKER, OTHER_SOCIAL_WORKER})
INTERPRETERS = frozenset({INTERPRETER, UNASSIGNED_INTERPRETER, REMOVED_INTERPRETER})
ADMINS = frozenset({ADMIN})
MANAGERS = frozenset({MANAGER})
CONFERENCE_EDITORS = frozenset({SOCIAL_WORKER, MANAGER})  # conference A's, family content
CONFERENCE_READERS = CONFERENCE_EDITORS | {INTERPRETER}

# Whose words each marker is; the actors who may ever see them (AUDIENCE).
AUDIENCE = {
    "parent_words": frozenset({PARENT, SOCIAL_WORKER, MANAGER, INTERPRETER}),
    "co_parent_words": frozenset({CO_PARENT, SOCIAL_WORKER, MANAGER, INTERPRETER}),
    "place_a": SAME_CONFERENCE_PARENTS | CONFERENCE_READERS,
}


@dataclass(frozen=True)
class Access:
    allowed: frozenset[str]
    args: dict[str, object] = field(default_factory=dict)
    post: frozenset[str] | None = None  # who may POST, when it differs from `allowed`
    ends_session: bool = False
    # Where the route sends those it serves, when that is a sign-in or signed-out page
    # (signing out, opening a letter's link): a redirect there is not a refusal.
    lands: str | None = None

    def allows(self, actor: str, method: str) -> bool:
        if method != "GET" and self.post is not None:
            return actor in self.post
        return actor in self.allowed


# URL values by argument name: a key of World.ids, else the literal.
DEFAULT_ARGS: dict[str, object] = {
    "conference_id": "conference_a",
    "invitation_id": "invitation_a",
    "child_id": "child_a",
    "staff_id": "spare_interpreter",
    "section_id": "section_a",
    "request_id": "request_a",
    "reference": "reference_a",
    "number": 1,
    "token": "link_token_a",
    "slug": "risks",
    "kind": "interpreter",
    "about": "decision",
    "filename": "app.css",
}

# ---- the matrix ---------------------------------------------------------------------------

ACCESS: dict[str, Access] = {
    "static": Access(EVERYONE),
    # the public guide
    "guide.start": Access(EVERYONE),
    "guide.contents": Access(EVERYONE),
    "guide.page": Access(EVERYONE, args={"slug": "what-is-a-conference"}),
    "guide.complaints_start": Access(EVERYONE),
    "guide.complaint_route": Access(EVERYONE),
    "guide.contacts": Access(EVERYONE),
    "guide.accessibility": Access(EVERYONE),
    "guide.privacy": Access(EVERYONE),
    # parents: signing in and out
    "parent.open_link": Access(EVERYONE, ends_session=True, lands="/sign-in"),
    "parent.sign_in": Access(EVERYONE, ends_session=True),
    "parent.sign_out": Access(EVERYONE, ends_session=True, lands="/signed-out"),
    "parent.signed_out": Access(EVERYONE, ends_session=True),
    "parent.keep_alive": Access(PARENTS),
    "parent.passphrase": Access(PARENTS),
    # parents: their own pages (the invitation comes from the session, never the URL)
    "parent.task_list": Access(PARENTS),
    "parent.about": Access(PARENTS),
    "parent.conference_calendar": Access(PARENTS),
    "parent.views_page": Access(PARENTS),
    "parent.check": Access(PARENTS),
    "parent.send": Access(PARENTS),
    "parent.sent_versions": Access(PARENTS),
    "parent.sent_version": Access(OWNER),
    "parent.report": Access(PARENTS),
    "parent.report_section": Access(SAME_CONFERENCE_PARENTS),
    "parent.report_general": Access(PARENTS),
    "parent.readers": Access(PARENTS),
    "parent.requests": Access(PARENTS),
    "parent.request_new": Access(PARENTS),
    "parent.request_detail": Access(OWNER),
    "parent.request_change": Access(OWNER, args={"request_id": "draft_request_a"}),
    "parent.request_send": Access(OWNER, args={"request_id": "draft_request_a"}),
    "parent.request_withdraw": Access(OWNER),
    # staff: signing in and out, their own account
    "staff.sign_in": Access(EVERYONE, ends_session=True),
    "staff.second_factor": Access(frozenset(), ends_session=True),  # only mid-sign-in
    "staff.enrol_second_factor": Access(frozenset(), ends_session=True),  # only mid-sign-in
    "staff.reset_request": Access(EVERYONE),
    "staff.reset_password": Access(EVERYONE, args={"token": "reset_token"}, ends_session=True),
    # Signing out protects nothing: anyone may, and it lands on the sign-in page.
    "staff.sign_out": Access(EVERYONE, ends_session=True, lands="/staff/sign-in"),
    "staff.keep_alive": Access(STAFF),
    "staff.account": Access(STAFF),
    "staff.set_up_security_code": Access(STAFF),
    # staff: administration (no family content)
    "staff.accounts": Access(ADMINS),
    "staff.new_account": Access(ADMINS),
    "staff.deactivate_account": Access(ADMINS, args={"staff_id": "spare_staff"}),
    "staff.reactivate_account": Access(ADMINS, args={"staff_id": "spare_staff"}),
    "staff.change_role": Access(ADMINS, args={"staff_id": "spare_staff"}),
    "staff.account_changes": Access(ADMINS | MANAGERS),
    "staff.council_profile": Access(ADMINS),
    # staff: conferences
    "staff.timeliness_view": Access(MANAGERS),
    "staff.dashboard": Access(STAFF),  # an administrator's is the list of accounts
    "staff.new_conference": Access(SOCIAL_WORKERS | MANAGERS),
    "staff.conference": Access(CONFERENCE_READERS),
    "staff.edit_conference": Access(CONFERENCE_EDITORS),
    "staff.minutes_sent": Access(CONFERENCE_EDITORS),
    "staff.add_child": Access(CONFERENCE_EDITORS),
    "staff.remove_child": Access(CONFERENCE_EDITORS, args={"child_id": "spare_child"}),
    "staff.assign_interpreter": Access(CONFERENCE_EDITORS),
    "staff.unassign_interpreter": Access(CONFERENCE_EDITORS),
    "staff.invite": Access(CONFERENCE_EDITORS),
    "staff.letter": Access(CONFERENCE_EDITORS),
    "staff.reissue_code": Access(CONFERENCE_EDITORS, args={"invitation_id": "spare_invitation"}),
    "staff.withdraw_invitation": Access(
        CONFERENCE_EDITORS, args={"invitation_id": "spare_invitation"}
    ),
    # staff: the report
    "staff.report": Access(CONFERENCE_EDITORS),
    "staff.start_report": Access(CONFERENCE_EDITORS),
    "staff.share_report": Access(CONFERENCE_EDITORS),
    "staff.report_section": Access(CONFERENCE_EDITORS),
    "staff.new_report_section": Access(CONFERENCE_EDITORS),
    "staff.remove_report_section": Access(CONFERENCE_EDITORS, args={"section_id": "spare_section"}),
    "staff.report_version": Access(CONFERENCE_EDITORS),
    # staff: what the family asked for, and their views
    "staff.requests": Access(CONFERENCE_EDITORS),
    "staff.request_respond": Access(CONFERENCE_EDITORS),
    "staff.family_views": Access(CONFERENCE_EDITORS),
    "staff.family_parent": Access(CONFERENCE_EDITORS),
    "staff.family_version": Access(CONFERENCE_EDITORS),
    "staff.family_print": Access(CONFERENCE_EDITORS),
    "staff.subject_access_page": Access(MANAGERS),
    "staff.subject_access_json": Access(MANAGERS),
    # the interpreter assigned to conference A, only while assigned
    "interpreter.conference": Access(frozenset({INTERPRETER})),
    "interpreter.parent": Access(frozenset({INTERPRETER})),
    "interpreter.english": Access(frozenset({INTERPRETER}), args={"key": "answers:risks.report"}),
    "interpreter.pages": Access(frozenset({INTERPRETER})),
    "interpreter.page": Access(frozenset({INTERPRETER}), args={"name": "views-risks"}),
}

# Marks in parents' words, to find them in any page (see AUDIENCE).
MARKERS = {
    "parent_words": "Parent A wrote this privately 7Q2",
    "co_parent_words": "Co-parent wrote this privately 9K4",
}


# ---- the world the matrix is tried in ---------------------------------------------------

PLACE_A = "Room A, 9 Secret Street"


def make_world(app) -> dict:
    """Conference A (allocated social worker, interpreters assigned and removed, two
    parents who have both sent their views, requests, a shared report) and conference
    B with its own social worker and parent. Returns ids and sign-in details."""
    from portal import (
        answers,
        conferences,
        questions,
        reports,
        requests_data,
        sending,
        staff_accounts,
    )
    from portal.db import session
    from portal.models.requests import RequestKind
    from portal.models.staff import Role
    from tests.conftest import make_conference, make_invitation, make_staff

    with app.test_request_context():
        db = session()
        people = {
            SOCIAL_WORKER: make_staff(db, Role.SOCIAL_WORKER, name="Sam Allocated"),
            OTHER_SOCIAL_WORKER: make_staff(db, Role.SOCIAL_WORKER, name="Sam Other"),
            MANAGER: make_staff(db, Role.MANAGER, name="Mo Manager"),
            INTERPRETER: make_staff(db, Role.INTERPRETER, name="Ivan Assigned"),
            UNASSIGNED_INTERPRETER: make_staff(db, Role.INTERPRETER, name="Una Never"),
            REMOVED_INTERPRETER: make_staff(db, Role.INTERPRETER, name="Rhea Removed"),
            ADMIN: make_staff(db, Role.ADMIN, name="Ada Admin"),
        }
        spare_interpreter = make_staff(db, Role.INTERPRETER, name="Sid Spare")
        spare_staff = make_staff(db, Role.SOCIAL_WORKER, name="Stella Spare")
        a = make_conference(db, social_worker=people[SOCIAL_WORKER], place=PLACE_A)
        b = make_conference(
            db, social_worker=people[OTHER_SOCIAL_WORKER], place="Room B, Other Street"
        )
        spare_child = conferences.add_child(a, "Bo", 4)
        for who in (INTERPRETER, REMOVED_INTERPRETER):
            conferences.assign_interpreter(a, people[who])
        conferences.assign_interpreter(a, spare_interpreter)
        conferences.unassign_interpreter(a, people[REMOVED_INTERPRETER].id)

        report = reports.get_or_create_report(a)
        section = report.sections[0]
        reports.save_section(report, section, section.heading, "The family's situation.")
        spare_section = reports.add_section(report, "A spare section", "To be removed.")
        reports.share(report, people[SOCIAL_WORKER])
        # B's parent has a report too, so its pages are theirs to see (A's sections are not).
        report_b = reports.get_or_create_report(b)
        reports.save_section(report_b, report_b.sections[0], "B", "Conference B's report.")
        reports.share(report_b, people[OTHER_SOCIAL_WORKER])

        logins = {}
        sent = {}
        first = questions.PAGES[0].questions[0].key
        for who, conference, name, words in (
            (PARENT, a, "Dana Whitfield", MARKERS["parent_words"]),
            (CO_PARENT, a, "Lee Whitfield", MARKERS["co_parent_words"]),
            (OTHER_PARENT, b, "Chloe Barnes", "Parent B's own words"),
        ):
            invitation, token, code = make_invitation(db, conference, name=name)
            answers.save_answers(invitation, {first: words})
            answers.mark_page_saved(invitation, f"views.{questions.PAGES[0].slug}")
            sent[who], _new = sending.send(invitation)
            logins[who] = (token, code)
            if who == PARENT:
                invitation_a = invitation
        draft = requests_data.save(invitation_a, RequestKind.OTHER, {"notes": "A quiet room"})
        request_a = requests_data.save(
            invitation_a, RequestKind.CHILDCARE, {"children": "Amani, 7"}
        )
        requests_data.send_now(request_a)
        spare_invitation, _t, _c = make_invitation(db, a, name="Kim Spare")
        reset_token = staff_accounts.start_reset(spare_staff)
        db.commit()
        for who, user in people.items():
            logins[who] = user.email
        ids = {
            "conference_a": a.id,
            "invitation_a": invitation_a.id,
            "child_a": a.children[0].id,
            "spare_child": spare_child.id,
            "spare_interpreter": spare_interpreter.id,
            "spare_staff": spare_staff.id,
            "section_a": section.id,
            "spare_section": spare_section.id,
            "request_a": request_a.id,
            "draft_request_a": draft.id,
            "reference_a": sent[PARENT].reference,
            "link_token_a": logins[PARENT][0],
            "spare_invitation": spare_invitation.id,
            "reset_token": reset_token,
        }
        return {"ids": ids, "logins": logins}


def url_for_rule(url_rule, entry: Access, ids: dict) -> str:
    path = url_rule.rule
    for argument in url_rule.arguments:
        value = entry.args.get(argument, DEFAULT_ARGS.get(argument))
        assert value is not None, f"no value for <{argument}> of {url_rule.endpoint}"
        value = ids.get(value, value) if isinstance(value, str) else value
        path = re.sub(rf"<(?:[a-z]+(?:\([^)]*\))?:)?{argument}>", str(value), path)
    return path


def requests(app, ids):
    """(endpoint, method, url, entry) for every route, session-ending ones last."""
    found = []
    for url_rule in app.url_map.iter_rules():
        entry = ACCESS[url_rule.endpoint]
        for method in sorted(url_rule.methods - {"HEAD", "OPTIONS"}):
            found.append((url_rule.endpoint, method, url_for_rule(url_rule, entry, ids), entry))
    found.sort(key=lambda r: (r[3].ends_session, r[1] != "GET", r[0], r[1]))
    return found


def signed_in(app, world, actor):
    """A client signed in as `actor`, and a valid form token for its session."""
    from tests.conftest import csrf_token
    from tests.functional.parent_helpers import sign_in as parent_sign_in
    from tests.functional.test_staff_auth import sign_in as staff_sign_in

    client = app.test_client()
    login = world["logins"].get(actor)
    if actor in PARENTS:
        parent_sign_in(client, *login)
        page = "/tasks"
    elif actor != ANONYMOUS:
        response = staff_sign_in(client, login)
        assert response.status_code == 302, f"{actor} could not sign in"
        page = "/staff/account"
    else:
        page = "/staff/sign-in"
    return client, csrf_token(client.get(page).get_data(as_text=True))


def unlisted(app) -> list[str]:
    """Endpoints of the URL map with no entry in ACCESS."""
    return sorted({r.endpoint for r in app.url_map.iter_rules()} - set(ACCESS))
