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
    "staff.timed_out": Access(STAFF, ends_session=True),
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
    "staff.council_profile": Access(ADMINS),
    # staff: conferences
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
}

# Marks in parents' words, to find them in any page (see AUDIENCE).
MARKERS = {
    "parent_words": "Parent A wrote this privately 7Q2",
    "co_parent_words": "Co-parent wrote this privately 9K4",
}


def unlisted(app) -> list[str]:
    """Endpoints of the URL map with no entry in ACCESS."""
    return sorted({r.endpoint for r in app.url_map.iter_rules()} - set(ACCESS))
