"""The page registry: every GET endpoint of the app, as concrete pages and states to visit.

The accessibility, keyboard, reflow and HTML-validity gates (tests/browser/) and
`make bench` (tests/bench/) visit what this file lists. They discover endpoints
from `app.url_map`, and a test fails for any GET endpoint that has neither an entry
here nor an exemption with a reason, so a new page cannot go unchecked.

Adding a page: write a function that takes the `World` (it makes the people and
records the page needs, committed) and returns `Visit`s, and register it:

    @page("parent.report_general")
    def _parent_report_general(world):
        world.conference                     # a conference with a shared report
        url = url_for("parent.report_general")
        return [Visit(url, who="parent"),
                Visit(url, who="parent", submit=True, fill={"comment": TOO_LONG})]

`submit=True` presses the first submit button of the first POST form in <main> (or
of `form=`, a CSS selector) as the form stands, after typing `fill`; it must give the
error state (title "Error:", focused summary) unless `errors=False`. `status` is the
HTTP status expected. `who` names a property of `World` (parent, parent_sent,
parent_started, parent_link, social_worker, manager, admin, staff_code,
staff_enrolling...): each is signed in once per browser context, through the real
sign-in pages. Pages no GET can reach (error pages) are `rendered=` HTML served on the
app's origin; `@extra` registers them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode, urlsplit

from flask import Flask, render_template, url_for

from portal.i18n import DEFAULT

REPORT_TEXTS = [
    "[fact] Amani is 7 and goes to Park School.\n\n- [observation] The home was warm and tidy.",
    "[allegation, second-hand: school] A neighbour told the school there was shouting at night.",
    "**Amani** loves reading. [opinion] Dana is a caring mother.",
    "1. Dana to go to the parenting course\n2. The social worker to visit every week",
    "Child protection plan under the category of neglect.",
]

# ---- what a visit is -----------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    path: str
    who: str = "public"
    submit: bool = False
    form: str = "main form[method=post]"  # which form `submit` submits
    fill: dict[str, str] = field(default_factory=dict)
    status: int = 200
    # A submit that gives field errors (the error summary, "Error:" in the title). A
    # submit that is refused another way (a stale form) sets it False.
    errors: bool = True
    # Pages that cannot be reached by a GET (error pages for 413, 429, 500…): the HTML
    # the app renders, served at `path` on the app's own origin by the browser.
    rendered: str | None = None
    # A visit that changes the session (e.g. signs out) gets a context of its own.
    fresh: bool = False
    note: str = ""
    endpoint: str = ""

    @property
    def label(self) -> str:
        state = " (error state)" if self.submit else ""
        extra = f" [{self.note}]" if self.note else ""
        who = "" if self.who == "public" else f" as {self.who}"
        return f"{self.endpoint or '?'}: {self.path}{state}{who}{extra}"

    def url(self, base: str, lang: str = DEFAULT) -> str:
        if lang == DEFAULT or self.rendered is not None:
            return base + self.path
        joiner = "&" if "?" in self.path else "?"
        return base + self.path + joiner + urlencode({"lang": lang})


Entry = Callable[["World"], list[Visit]]

PAGES: dict[str, Entry] = {}

# GET endpoints that are not pages, each with the reason.
EXEMPT: dict[str, str] = {
    "static": "CSS and JS files, not pages (their weight is measured by `make bench`)",
    "parent.conference_calendar": "an .ics file for the calendar app, not a page",
    "staff.subject_access_json": "a JSON download, not a page (its HTML twin is a page)",
}

# Pages that are not endpoints (error pages), checked too. Key: a name for the report.
EXTRA: dict[str, Entry] = {}


def page(*endpoints: str) -> Callable[[Entry], Entry]:
    def register(fn: Entry) -> Entry:
        for endpoint in endpoints:
            assert endpoint not in PAGES, f"two registry entries for {endpoint}"
            PAGES[endpoint] = fn
        return fn

    return register


def extra(name: str) -> Callable[[Entry], Entry]:
    def register(fn: Entry) -> Entry:
        EXTRA[name] = fn
        return fn

    return register


def get_endpoints(app: Flask) -> list[str]:
    """Every endpoint that answers GET, in a stable order."""
    return sorted({rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods})


def unregistered(app: Flask) -> list[str]:
    return [e for e in get_endpoints(app) if e not in PAGES and e not in EXEMPT]


def languages() -> list[str]:
    """The languages the test app offers: English, each compiled catalog (the test
    session compiles every catalog that passes its checks before collecting), and the
    pseudo stand-ins for Polish and Arabic until theirs are (tests/pseudo.py)."""
    from portal.catalogs import TRANSLATIONS
    from portal.i18n import LANGUAGES, available
    from tests.pseudo import stand_in_codes

    codes = {language.code for language in available([TRANSLATIONS])} | set(stand_in_codes())
    return [language.code for language in LANGUAGES if language.code in codes]


def all_visits(app: Flask, world: World, audience: set[str] | None = None) -> list[Visit]:
    """Every registered visit, for endpoints in the URL map (plus the error pages).

    `audience` limits to visits whose `who` is in it (the bench measures parent
    and public pages only)."""
    visits: list[Visit] = []
    with app.test_request_context():
        for endpoint in get_endpoints(app):
            if endpoint in PAGES:
                for visit in PAGES[endpoint](world):
                    visits.append(_named(visit, endpoint))
        for name, entry in EXTRA.items():
            for visit in entry(world):
                visits.append(_named(visit, name))
    if audience is not None:
        visits = [v for v in visits if v.who in audience]
    return visits


def _named(visit: Visit, endpoint: str) -> Visit:
    from dataclasses import replace

    return replace(visit, endpoint=endpoint)


# ---- the people and records pages need ---------------------------------------------


class World:
    """Makes, on first use, what the registered pages need; committed so the served
    app sees it. Use inside an app request context: `World(app, session())`.

    Each `who` a Visit can name is a property here, returning a Login that knows how
    to put a browser context in that state."""

    def __init__(self, app, db):
        self.app, self.db = app, db

    # records

    @cached_property
    def conference(self):
        from portal import reports
        from tests.conftest import make_conference

        conference = make_conference(self.db, social_worker=self.social_worker.user)
        report = reports.get_or_create_report(conference)
        for section, text in zip(report.sections, REPORT_TEXTS, strict=False):
            reports.save_section(report, section, section.heading, text)
        reports.share(report, self.social_worker.user)
        self.db.commit()
        return conference

    @cached_property
    def report(self):
        from portal import reports

        return reports.report_for(self.conference)

    @cached_property
    def requests(self) -> dict:
        """The sent parent's requests: a draft, one sent, one arranged."""
        from portal import requests_data
        from portal.models.requests import RequestKind, RequestState

        invitation = self.parent_sent.invitation
        draft = requests_data.save(invitation, RequestKind.OTHER, {"notes": "A quiet room"})
        sent = requests_data.save(invitation, RequestKind.CHILDCARE, {"children": "Amani, 7"})
        requests_data.send_now(sent)
        arranged = requests_data.save(invitation, RequestKind.TRAVEL,
                                      {"needs": ["costs"], "notes": "Bus fare"})
        requests_data.send_now(arranged)
        requests_data.decide(arranged, self.social_worker.user, RequestState.ARRANGED,
                             "We will pay your bus fare on the day.")
        self.db.commit()
        return {"draft": draft, "sent": sent, "arranged": arranged}

    @cached_property
    def reset_token(self) -> str:
        from portal import staff_accounts

        token = staff_accounts.start_reset(self.social_worker.user)
        self.db.commit()
        return token

    # people, by the `who` of a Visit

    @cached_property
    def parent(self) -> ParentLogin:
        """A parent signed in with the link and the code."""
        from tests.conftest import make_invitation

        invitation, token, code = make_invitation(self.db, self.conference)
        return ParentLogin(invitation, token, code)

    @cached_property
    def parent_sent(self) -> ParentLogin:
        """A parent who has answered a question and sent it."""
        from portal import answers, questions, sending
        from tests.conftest import make_invitation

        invitation, token, code = make_invitation(self.db, self.conference, name="Sam Whitfield")
        first = questions.PAGES[0]
        answers.save_answers(invitation, {first.questions[0].key: "We are working on it."})
        answers.mark_page_saved(invitation, f"views.{first.slug}")
        self.submission, _created = sending.send(invitation)
        self.db.commit()
        return ParentLogin(invitation, token, code)

    @cached_property
    def interpreting(self):
        """The interpreter assigned to the conference, with English for the sent parent's
        answer. Returns the sent parent's invitation."""
        from portal import renderings, sending
        from portal.models import ConferenceInterpreter

        invitation = self.parent_sent.invitation
        interpreter = self.interpreter.user
        self.db.add(ConferenceInterpreter(conference_id=self.conference.id,
                                          staff_id=interpreter.id))
        latest = sending.latest(invitation)
        row = renderings.rows(latest.content)[0]
        renderings.save(latest, latest.number, row["key"], row["answer"],
                        "We are working on it (in English).", interpreter, 0)
        self.db.commit()
        return invitation

    @cached_property
    def parent_started(self) -> ParentLogin:
        """A parent whose conference has begun: their pages are read-only."""
        from tests.conftest import make_conference, make_invitation

        conference = make_conference(self.db, days_ahead=-1)
        invitation, token, code = make_invitation(self.db, conference, name="Alex Moss")
        return ParentLogin(invitation, token, code)

    @cached_property
    def parent_link(self) -> ParentLink:
        """A parent who has opened the link from the letter, not yet signed in."""
        from tests.conftest import make_invitation

        invitation, token, code = make_invitation(self.db, self.conference, name="Chris Whitfield")
        return ParentLink(invitation, token, code)

    def _staff(self, role_name: str, email: str = "", totp: bool = False) -> StaffLogin:
        from portal.models.staff import Role
        from tests.conftest import STAFF_PASSWORD, make_staff

        role = Role[role_name.upper()]
        user = make_staff(self.db, role=role, email=email or f"{role_name}@example.org")
        if totp:
            import pyotp

            user.totp_secret = pyotp.random_base32()
        self.db.commit()
        return StaffLogin(user, user.email, STAFF_PASSWORD, url_for("staff.sign_in"))

    @cached_property
    def social_worker(self) -> StaffLogin:
        return self._staff("social_worker")

    @cached_property
    def manager(self) -> StaffLogin:
        return self._staff("manager")

    @cached_property
    def interpreter(self) -> StaffLogin:
        return self._staff("interpreter")

    @cached_property
    def admin(self) -> StaffLogin:
        return self._staff("admin")

    @cached_property
    def staff_code(self) -> StaffPending:
        """Staff with a second factor who has given the password: asked for the code."""
        login = self._staff("manager", email="two-factor@example.org", totp=True)
        return StaffPending(login.user, login.email, login.password, login.sign_in_path)

    @cached_property
    def staff_enrolling(self) -> StaffEnrolling:
        """Staff who must set up a second factor. The council profile decides when that
        is required, so this state is made by a signed session cookie, not the profile."""
        return StaffEnrolling(self.app, self._staff("social_worker", "enrolling@example.org").user)

    def login_for(self, who: str):
        return getattr(self, who)


class _Login:
    def sign_in(self, page, base: str) -> None:
        raise NotImplementedError


@dataclass
class ParentLogin(_Login):
    invitation: object
    token: str
    code: str

    def sign_in(self, page, base: str) -> None:
        from portal.invitations import format_code, link_path

        page.goto(base + link_path(self.token))
        form = page.locator("main form[method=post]").first
        form.locator("input[name=secret]").fill(format_code(self.code))
        _press_submit(page, form)
        assert page.locator("main form input[name=secret]").count() == 0, (
            f"parent sign-in failed; still on {page.url}"
        )


@dataclass
class ParentLink(ParentLogin):
    def sign_in(self, page, base: str) -> None:
        from portal.invitations import link_path

        page.goto(base + link_path(self.token))


@dataclass
class StaffLogin(_Login):
    user: object
    email: str
    password: str
    sign_in_path: str

    def sign_in(self, page, base: str) -> None:
        self.give_password(page, base)
        if getattr(self.user, "totp_secret", None):
            import pyotp

            form = page.locator("main form[method=post]").first
            form.locator("input[name=code]").fill(pyotp.TOTP(self.user.totp_secret).now())
            _press_submit(page, form)
        assert page.locator("main input[type=password], main input[name=code]").count() == 0, (
            f"staff sign-in failed; still on {page.url}"
        )

    def give_password(self, page, base: str) -> None:
        page.goto(base + self.sign_in_path)
        form = page.locator("main form[method=post]").first
        form.locator("input[name=email]").fill(self.email)
        form.locator("input[name=password]").fill(self.password)
        _press_submit(page, form)


@dataclass
class StaffPending(StaffLogin):
    def sign_in(self, page, base: str) -> None:
        self.give_password(page, base)


@dataclass
class StaffEnrolling(_Login):
    app: object
    user: object

    def sign_in(self, page, base: str) -> None:
        serializer = self.app.session_interface.get_signing_serializer(self.app)
        value = serializer.dumps({"staff_pending": self.user.get_id()})
        page.context.add_cookies(
            [{
                "name": self.app.config["SESSION_COOKIE_NAME"], "value": value,
                # A __Host- cookie must be Secure, for "/" (Chromium keeps it on loopback
                # http; Playwright takes it only given as a domain and path, not a URL).
                "domain": urlsplit(base).hostname, "path": "/",
                "secure": self.app.config["SESSION_COOKIE_SECURE"],
            }]
        )


def sign_in(page, base: str, who: str, world: World) -> None:
    """Put this browser page's context in the state `who` names, through the real pages."""
    if who != "public":
        world.login_for(who).sign_in(page, base)


def _press_submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").first.click()


# ---- opening a visit in a browser page ----------------------------------------------------


def open_visit(page, base: str, visit: Visit, lang: str = DEFAULT) -> str:
    """Load the visit (and submit its form if asked); return the HTML as the server sent it."""
    url = visit.url(base, lang)
    if visit.rendered is not None:
        body = visit.rendered

        def fulfil(route):
            route.fulfill(status=visit.status, body=body, content_type="text/html; charset=utf-8")

        page.route(url, fulfil)
        try:
            response = page.goto(url)
        finally:
            page.unroute(url)
        return body
    response = page.goto(url)
    if visit.submit:
        response = submit_form(page, visit)
    assert response is not None, "no response"
    assert response.status == visit.status, f"HTTP {response.status}, expected {visit.status}"
    return response.text()


def submit_form(page, visit: Visit):
    """Fill in `visit.fill` and press the first submit button of the first POST form
    in <main>; return the response the browser lands on."""
    form = page.locator(visit.form).first
    for name, value in visit.fill.items():
        target = form.locator(f'[name="{name}"]')
        kind = target.first.get_attribute("type")
        if kind in ("radio", "checkbox"):
            form.locator(f'[name="{name}"][value="{value}"]').check()
        elif kind == "hidden":
            target.first.evaluate("(el, value) => { el.value = value; }", value)
        else:
            target.first.fill(value)
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit], input[type=submit]").first.click()
    return navigation.value


class Contexts:
    """One browser context per kind of user (signed in once), per viewport and language.
    `scripts`: files every page of these contexts runs before its own (the gates load
    axe-core this way, so it is there whenever a check runs)."""

    def __init__(self, browser, base: str, world: World, viewport: dict, scripts=(),
                 **options):
        self.browser, self.base, self.world = browser, base, world
        self.viewport, self.options, self.scripts = viewport, options, scripts
        self._pages: dict[str, object] = {}
        self._contexts: list = []

    def new_page(self, who: str):
        mobile = self.viewport["width"] < 800
        context = self.browser.new_context(
            viewport=self.viewport, is_mobile=mobile, has_touch=mobile, locale="en-GB",
            **self.options,
        )
        context.set_default_timeout(10_000)
        for script in self.scripts:
            context.add_init_script(path=str(script))
        self._contexts.append(context)
        page = context.new_page()
        sign_in(page, self.base, who, self.world)
        return page

    def page_for(self, visit: Visit):
        if visit.fresh:
            return self.new_page(visit.who)
        if visit.who not in self._pages:
            self._pages[visit.who] = self.new_page(visit.who)
        return self._pages[visit.who]

    def close(self) -> None:
        for context in self._contexts:
            context.close()
        self._contexts.clear()
        self._pages.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


# ---- the registry ---------------------------------------------------------------------------


@page("guide.start")
def _guide_start(world):
    return [Visit(url_for("guide.start"))]


@extra("error 404")
def _not_found(world):
    return [Visit("/no-such-page-for-the-gate", status=404)]


@extra("error pages")
def _error_pages(world):
    """Error pages a GET cannot reach: rendered by the app, served on its origin."""
    visits = []
    for template, code in [
        ("errors/500.html", 500),
        ("errors/503.html", 503),
        ("errors/413.html", 413),
        ("errors/429.html", 429),
        ("errors/generic.html", 405),
        ("errors/stale_form.html", 400),
    ]:
        html = render_template(template, code=code)
        visits.append(Visit(f"/__gate/{template}", rendered=html, status=code, note=template))
    return visits


# ---- staff ------------------------------------------------------------------------------


@page("staff.sign_in")
def _staff_sign_in(world):
    url = url_for("staff.sign_in")
    return [Visit(url), Visit(url, submit=True)]


@page("staff.second_factor")
def _staff_second_factor(world):
    url = url_for("staff.second_factor")
    return [Visit(url, who="staff_code"), Visit(url, who="staff_code", submit=True, status=200)]


@page("staff.enrol_second_factor")
def _staff_enrol(world):
    url = url_for("staff.enrol_second_factor")
    return [
        Visit(url, who="staff_enrolling"),
        Visit(url, who="staff_enrolling", submit=True, fill={"code": "123"}, status=400,
              note="wrong code"),
    ]


@page("staff.reset_request")
def _staff_reset_request(world):
    url = url_for("staff.reset_request")
    return [Visit(url), Visit(url, submit=True)]


@page("staff.reset_password")
def _staff_reset_password(world):
    url = url_for("staff.reset_password", token=world.reset_token)
    return [
        Visit(url),
        Visit(url, submit=True),
        Visit(url_for("staff.reset_password", token="no-such-token"), status=404,
              note="unknown or used link"),
    ]


@page("staff.dashboard")
def _staff_dashboard(world):
    world.conference
    url = url_for("staff.dashboard")
    return [Visit(url, who="social_worker"), Visit(url, who="manager"),
            *[Visit(url_for("staff.dashboard", show=view), who="manager", note=view)
              for view in ("week", "late", "requests", "past")],
            Visit(url_for("staff.dashboard", worker=world.social_worker.user.id), who="manager",
                  note="one social worker"),
            Visit(url_for("staff.dashboard", show="nonsense"), who="manager",
                  note="no such list")]


@page("staff.timeliness_view")
def _staff_timeliness(world):
    world.conference
    return [Visit(url_for("staff.timeliness_view"), who="manager")]


@page("staff.account")
def _staff_account(world):
    return [Visit(url_for("staff.account"), who="social_worker")]


@page("staff.set_up_security_code")
def _staff_set_up_security_code(world):
    url = url_for("staff.set_up_security_code")
    return [
        Visit(url, who="social_worker"),
        Visit(url, who="social_worker", submit=True, fill={"code": "123"}, status=400,
              note="wrong code"),
    ]


@page("staff.accounts")
def _staff_accounts(world):
    return [Visit(url_for("staff.accounts"), who="admin")]


@page("staff.change_role")
def _staff_change_role(world):
    url = url_for("staff.change_role", staff_id=world.social_worker.user.id)
    return [Visit(url, who="admin")]


@page("staff.account_changes")
def _staff_account_changes(world):
    from portal import staff_accounts

    staff_accounts.set_active(world.interpreter.user, False, by=world.admin.user)
    staff_accounts.set_active(world.interpreter.user, True, by=world.admin.user)
    world.db.commit()
    url = url_for("staff.account_changes")
    return [Visit(url, who="admin"), Visit(url, who="manager")]


@page("staff.council_profile")
def _staff_council_profile(world):
    return [Visit(url_for("staff.council_profile"), who="admin")]


# ---- parents ------------------------------------------------------------------------------

TOO_LONG = "x" * 5001  # one more than an answer may hold


@page("parent.open_link")
def _parent_open_link(world):
    from portal.invitations import link_path

    # Lands on the sign-in page; a context of its own, as it keeps the link in the session.
    return [Visit(link_path(world.parent_link.token), fresh=True)]


@page("parent.sign_in")
def _parent_sign_in(world):
    url = url_for("parent.sign_in")
    return [
        Visit(url, note="no link opened"),
        Visit(url, who="parent_link"),
        Visit(url, who="parent_link", submit=True),
        Visit(url, who="parent_link", submit=True, fill={"secret": "1234 5678"}, note="wrong code"),
    ]


@page("parent.signed_out")
def _parent_signed_out(world):
    return [
        Visit(url_for("parent.signed_out", reason=reason), note=reason)
        for reason in ("you", "timeout", "ended")
    ]


@page("parent.passphrase")
def _parent_passphrase(world):
    url = url_for("parent.passphrase")
    return [
        Visit(url, who="parent"),
        Visit(url, who="parent", submit=True),
        Visit(url, who="parent", submit=True, fill={"passphrase": "short", "confirm": "other"},
              note="too short, not the same"),
    ]


@page("parent.task_list")
def _parent_tasks(world):
    url = url_for("parent.task_list")
    return [Visit(url, who="parent"), Visit(url, who="parent_sent"),
            Visit(url, who="parent_started")]


@page("parent.about")
def _parent_about(world):
    return [Visit(url_for("parent.about"), who="parent")]


@page("parent.views_page")
def _parent_views(world):
    from portal import questions

    visits = [Visit(url_for("parent.views_page", slug=p.slug), who="parent")
              for p in questions.PAGES]
    first = questions.PAGES[0]
    url = url_for("parent.views_page", slug=first.slug)
    visits += [
        Visit(url, who="parent", submit=True, fill={first.questions[0].key: TOO_LONG},
              note="answer too long"),
        Visit(url, who="parent", submit=True, fill={"csrf_token": "stale"}, status=400,
              errors=False, note="stale form"),
        Visit(url, who="parent_started", note="conference started"),
    ]
    return visits


@page("parent.check")
def _parent_check(world):
    url = url_for("parent.check")
    return [Visit(url, who="parent"), Visit(url, who="parent_sent")]


@page("parent.send")
def _parent_send(world):
    url = url_for("parent.send")
    return [Visit(url, who="parent"), Visit(url, who="parent_sent"),
            Visit(url, who="parent_started")]


@page("parent.sent_versions")
def _parent_sent_versions(world):
    return [Visit(url_for("parent.sent_versions"), who="parent_sent")]


@page("parent.sent_version")
def _parent_sent_version(world):
    world.parent_sent
    return [
        Visit(url_for("parent.sent_version", reference=world.submission.reference),
              who="parent_sent"),
        Visit(url_for("parent.sent_version", reference="NO-SUCH"), who="parent_sent",
              status=404, note="someone else's or unknown"),
    ]


@extra("parent: not saved")
def _parent_not_saved(world):
    """A form posted after the session ended: what was typed, shown back, unsaved."""
    from portal import questions
    from portal.parent_session import stale_form_response

    key = questions.PAGES[0].questions[0].key
    with world.app.test_request_context("/views/risks", method="POST", data={key: "My words"}):
        html, status = stale_form_response(reason="signed_out")
    return [Visit("/__gate/not-saved", rendered=html, status=status, note="signed out")]


@page("parent.report")
def _parent_report(world):
    world.conference
    url = url_for("parent.report")
    return [Visit(url, who="parent"), Visit(url, who="parent_started")]


@page("parent.report_section")
def _parent_report_section(world):
    sections = world.report.sections
    url = url_for("parent.report_section", section_id=sections[0].id)
    return [
        *[Visit(url_for("parent.report_section", section_id=s.id), who="parent")
          for s in sections],
        Visit(url, who="parent", submit=True, fill={"comment": TOO_LONG}, note="comment too long"),
        Visit(url_for("parent.report_section", section_id=999_999), who="parent", status=404,
              note="unknown section"),
    ]


@page("parent.report_general")
def _parent_report_general(world):
    world.conference
    url = url_for("parent.report_general")
    return [Visit(url, who="parent"),
            Visit(url, who="parent", submit=True, fill={"comment": TOO_LONG}, note="too long")]


@page("parent.readers")
def _parent_readers(world):
    return [Visit(url_for("parent.readers"), who="parent"),
            Visit(url_for("parent.readers"), who="parent_sent")]


@page("parent.requests")
def _parent_requests(world):
    world.requests
    url = url_for("parent.requests")
    return [Visit(url, who="parent"), Visit(url, who="parent_sent"),
            Visit(url, who="parent_started")]


@page("parent.request_new")
def _parent_request_new(world):
    from portal.models.requests import RequestKind

    visits = []
    for kind in RequestKind:
        url = url_for("parent.request_new", kind=kind.value)
        visits += [Visit(url, who="parent", note=kind.value),
                   Visit(url, who="parent", submit=True, note=kind.value)]
    return visits


@page("parent.request_detail")
def _parent_request_detail(world):
    return [
        Visit(url_for("parent.request_detail", request_id=r.id), who="parent_sent", note=state)
        for state, r in world.requests.items()
    ] + [Visit(url_for("parent.request_detail", request_id=world.requests["draft"].id),
               who="parent", status=404, note="someone else's request")]


@page("parent.request_change")
def _parent_request_change(world):
    url = url_for("parent.request_change", request_id=world.requests["draft"].id)
    return [Visit(url, who="parent_sent"),
            Visit(url, who="parent_sent", submit=True, fill={"notes": ""}, note="emptied")]


@page("parent.request_withdraw")
def _parent_request_withdraw(world):
    return [Visit(url_for("parent.request_withdraw", request_id=world.requests["sent"].id),
                  who="parent_sent")]


# ---- the public guide ----------------------------------------------------------------------


@page("guide.contents")
def _guide_contents(world):
    return [Visit(url_for("guide.contents"))]


@page("guide.page")
def _guide_pages(world):
    from portal.guide.pages import PAGES as GUIDE

    return [Visit(url_for("guide.page", slug=p.slug)) for p in GUIDE] + [
        Visit(url_for("guide.page", slug="no-such-page"), status=404)
    ]


@page("guide.complaints_start")
def _guide_complaints(world):
    url = url_for("guide.complaints_start")
    return [Visit(url), Visit(url, submit=True, form="main form")]


@page("guide.complaint_route")
def _guide_complaint_route(world):
    from portal.profiles import COMPLAINT_ROUTES

    visits = [Visit(url_for("guide.complaint_route", about=a), note=a) for a in COMPLAINT_ROUTES]
    return visits + [Visit(url_for("guide.complaint_route", about=COMPLAINT_ROUTES[0]),
                           who="parent", note="with the family's dates")]


@page("guide.contacts")
def _guide_contacts(world):
    url = url_for("guide.contacts")
    return [Visit(url), Visit(url, who="parent", note="with the family's contacts")]


@page("guide.accessibility")
def _guide_accessibility(world):
    return [Visit(url_for("guide.accessibility"))]


@page("guide.privacy")
def _guide_privacy(world):
    return [Visit(url_for("guide.privacy"))]


# ---- staff: conferences, reports, requests, the family's views --------------------------------


def _conference_id(world) -> int:
    return world.conference.id


@page("staff.new_account")
def _staff_new_account(world):
    url = url_for("staff.new_account")
    return [Visit(url, who="admin"), Visit(url, who="admin", submit=True)]


@page("staff.new_conference")
def _staff_new_conference(world):
    url = url_for("staff.new_conference")
    return [Visit(url, who="social_worker"), Visit(url, who="social_worker", submit=True)]


@page("staff.conference")
def _staff_conference(world):
    url = url_for("staff.conference", conference_id=_conference_id(world))
    world.requests
    return [Visit(url, who="social_worker"), Visit(url, who="manager"),
            # staff.minutes_sent (POST only) shows this page again with its errors.
            Visit(url, who="social_worker", submit=True,
                  form="main form[action$='/minutes-sent']", fill={"minutes_sent_on": ""},
                  note="date the minutes were sent, empty")]


@page("staff.edit_conference")
def _staff_edit_conference(world):
    url = url_for("staff.edit_conference", conference_id=_conference_id(world))
    return [Visit(url, who="social_worker"),
            Visit(url, who="social_worker", submit=True, fill={"starts_on": "31/02/2020"},
                  note="impossible date")]


@page("staff.add_child")
def _staff_add_child(world):
    url = url_for("staff.add_child", conference_id=_conference_id(world))
    return [Visit(url, who="social_worker"), Visit(url, who="social_worker", submit=True)]


@page("staff.invite")
def _staff_invite(world):
    url = url_for("staff.invite", conference_id=_conference_id(world))
    return [Visit(url, who="social_worker"), Visit(url, who="social_worker", submit=True)]


@page("staff.letter")
def _staff_letter(world):
    conference_id = _conference_id(world)
    invitation = world.parent.invitation
    return [
        Visit(url_for("staff.letter", conference_id=conference_id, invitation_id=invitation.id),
              who="social_worker", note="shown once: gone"),
        Visit(url_for("staff.invite", conference_id=conference_id), who="social_worker",
              submit=True, fill={"name": "Jordan Lee"}, errors=False, note="the letter, once"),
    ]


@page("staff.reissue_code")
def _staff_reissue(world):
    url = url_for("staff.reissue_code", conference_id=_conference_id(world),
                  invitation_id=world.parent.invitation.id)
    return [Visit(url, who="social_worker")]


@page("staff.withdraw_invitation")
def _staff_withdraw(world):
    url = url_for("staff.withdraw_invitation", conference_id=_conference_id(world),
                  invitation_id=world.parent.invitation.id)
    return [Visit(url, who="social_worker")]


@page("staff.report")
def _staff_report(world):
    return [Visit(url_for("staff.report", conference_id=_conference_id(world)),
                  who="social_worker")]


@page("staff.report_section")
def _staff_report_section(world):
    url = url_for("staff.report_section", conference_id=_conference_id(world),
                  section_id=world.report.sections[0].id)
    return [Visit(url, who="social_worker"),
            Visit(url, who="social_worker", submit=True, fill={"heading": ""})]


@page("staff.new_report_section")
def _staff_new_report_section(world):
    url = url_for("staff.new_report_section", conference_id=_conference_id(world))
    return [Visit(url, who="social_worker"), Visit(url, who="social_worker", submit=True)]


@page("staff.report_version")
def _staff_report_version(world):
    return [Visit(url_for("staff.report_version", conference_id=_conference_id(world), number=1),
                  who="social_worker")]


@page("staff.requests")
def _staff_requests(world):
    world.requests
    return [Visit(url_for("staff.requests", conference_id=_conference_id(world)),
                  who="social_worker")]


@page("staff.request_respond")
def _staff_request_respond(world):
    conference_id = _conference_id(world)
    url = url_for("staff.request_respond", conference_id=conference_id,
                  request_id=world.requests["sent"].id)
    return [
        Visit(url, who="social_worker"),
        Visit(url, who="social_worker", submit=True),
        Visit(url_for("staff.request_respond", conference_id=conference_id,
                      request_id=world.requests["arranged"].id), who="social_worker",
              note="arranged"),
    ]


@page("staff.family_views")
def _staff_family_views(world):
    world.parent_sent
    return [Visit(url_for("staff.family_views", conference_id=_conference_id(world)),
                  who="social_worker")]


def _family_args(world) -> dict:
    return {"conference_id": _conference_id(world),
            "invitation_id": world.parent_sent.invitation.id}


@page("staff.family_parent")
def _staff_family_parent(world):
    return [Visit(url_for("staff.family_parent", **_family_args(world)), who="social_worker")]


@page("staff.family_version")
def _staff_family_version(world):
    return [Visit(url_for("staff.family_version", number=1, **_family_args(world)),
                  who="social_worker")]


@page("staff.family_print")
def _staff_family_print(world):
    return [Visit(url_for("staff.family_print", **_family_args(world)), who="social_worker")]


@page("staff.subject_access_page")
def _staff_subject_access_page(world):
    return [Visit(url_for("staff.subject_access_page", **_family_args(world)), who="manager")]


# ---- the interpreter ----------------------------------------------------------------------------


def _interpreting_args(world) -> dict:
    return {"conference_id": _conference_id(world), "invitation_id": world.interpreting.id}


@page("interpreter.conference")
def _interpreter_conference(world):
    world.interpreting
    return [Visit(url_for("interpreter.conference", conference_id=_conference_id(world)),
                  who="interpreter")]


@page("interpreter.parent")
def _interpreter_parent(world):
    return [Visit(url_for("interpreter.parent", **_interpreting_args(world)), who="interpreter")]


@page("interpreter.english")
def _interpreter_english(world):
    url = url_for("interpreter.english", key="answers:risks.report", **_interpreting_args(world))
    return [Visit(url, who="interpreter"),
            Visit(url, who="interpreter", submit=True, fill={"english": ""})]


@page("interpreter.pages")
def _interpreter_pages(world):
    return [Visit(url_for("interpreter.pages", **_interpreting_args(world)), who="interpreter")]


@page("interpreter.page")
def _interpreter_page(world):
    # The parent's page twice, read-only: the task list, a views page (boxes and hints),
    # a report section (its text and radios) and Check.
    section = world.report.sections[0].id
    return [Visit(url_for("interpreter.page", name=name, **_interpreting_args(world)),
                  who="interpreter")
            for name in ("tasks", "views-risks", f"report-{section}", "check")]
