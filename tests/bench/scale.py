"""A council's scale: 50,000 conferences on PostgreSQL, and the pages staff and parents
open most, each under 100 ms at the median.

The council is generated in bulk through the models' own column types (so free text is
encrypted as the app would store it): 50,000 conferences over three years (two years
back, three months ahead) with their children, 150,000 invitations, answers for two in
three parents, sent versions, reports shared on time, late or not at all, and requests.
One family among them is made through the app's own functions, as a social worker and
parents would make it, and its pages are the ones measured.

Each page is requested in process (Flask's test client, the whole request as gunicorn
would run it, without the network) after two warm-up requests; the median and 95th
percentile of the timed requests are printed. Then the SQL statements each dashboard
view runs are shown with PostgreSQL's EXPLAIN plans: a sequential scan of a table that
grows with the council fails the part.
"""

from __future__ import annotations

import hashlib
import re
import time as clock_time
from datetime import datetime, time, timedelta

from sqlalchemy import insert, text

from tests.bench.serving import Bench, Outcome, median, parent_cookie, percentile, postgres_database

NAME = "scale"
COUNCIL = "west-berkshire"
CONFERENCES = 50_000
INVITATIONS_EACH = 3
SOCIAL_WORKERS = 200
DAYS_BACK, DAYS_AHEAD = 730, 92
TARGET_MS = 100
TIMED = 15
BATCH = 5_000
# Tables that grow with the council: a sequential scan of one of them is a missing index.
GROWING = ("conference", "child", "invitation", "answer", "submission", "report",
           "report_version", "support_request", "audit_event", "report_comment",
           "task_progress")


def _rows(conn, table, rows) -> int:
    for start in range(0, len(rows), BATCH):
        conn.execute(insert(table), rows[start:start + BATCH])
    return len(rows)


def generate(app, conferences: int) -> dict:
    """The bulk of the council, straight into the tables. Returns what the timing needs."""
    from portal import clock, questions
    from portal.db import engine
    from portal.models import (
        Answer,
        Child,
        Conference,
        Council,
        Invitation,
        Report,
        ReportVersion,
        StaffUser,
        Submission,
        SupportRequest,
    )
    from portal.models.requests import RequestKind, RequestState
    from portal.models.staff import Role
    from portal.passwords import hash_secret

    today = clock.today()
    now = clock.now_utc()
    keys = [q.key for page in questions.PAGES for q in page.questions][:3]
    slug = app.extensions["profile"].slug
    started = clock_time.monotonic()
    counts = {}
    with app.app_context(), engine().begin() as conn:
        council_id = conn.execute(insert(Council.__table__).values(
            slug=slug, name=app.extensions["profile"].name)).inserted_primary_key[0]
        password = hash_secret("bench password that is long enough")
        staff = [{"id": n + 1, "council_id": council_id, "email": f"worker{n}@bench.example",
                  "name": f"Social Worker {n:03d}", "role": Role.SOCIAL_WORKER,
                  "password_hash": password} for n in range(SOCIAL_WORKERS)]
        staff.append({"id": SOCIAL_WORKERS + 1, "council_id": council_id,
                      "email": "manager@bench.example", "name": "Manager",
                      "role": Role.MANAGER, "password_hash": password})
        counts["staff"] = _rows(conn, StaffUser.__table__, staff)

        conference_rows, children, reports, report_versions = [], [], [], []
        invitations, answer_rows, submissions, requests = [], [], [], []
        span = DAYS_BACK + DAYS_AHEAD
        for i in range(conferences):
            cid = i + 1
            starts_on = today + timedelta(days=(i * 7) % span - DAYS_BACK)
            past = starts_on < today
            conference_rows.append({
                "id": cid, "council_id": council_id, "kind": "review" if i % 3 else "initial",
                "starts_on": starts_on, "starts_at": time(10 if i % 2 else 14, 0),
                "place": "Room 2, Family Centre", "chair_name": "Ruth Adeyemi",
                "social_worker_id": 1 + (i * 7919) % SOCIAL_WORKERS,
                "minutes_sent_on": starts_on + timedelta(days=5) if past else None,
            })
            children.extend({"conference_id": cid, "first_name": name, "age": 3 + (i + n) % 12}
                            for n, name in enumerate(("Amani", "Yusuf")[: 1 + i % 2]))
            if i % 10 != 9:  # nine in ten have a report
                reports.append({"id": cid, "conference_id": cid})
                if i % 10 < 8 and (past or i % 4):  # most are shared: on time, some late
                    shared = datetime.combine(starts_on - timedelta(days=(i % 9) - 1), time(9),
                                              tzinfo=clock.LONDON)
                    if shared < now:
                        report_versions.append({"report_id": cid, "number": 1,
                                                "shared_at": shared, "content": {"sections": []}})
            for k in range(INVITATIONS_EACH):
                iid = i * INVITATIONS_EACH + k + 1
                opened = k != 2
                invitations.append({
                    "id": iid, "conference_id": cid, "name": f"Parent {iid}",
                    "token_hash": hashlib.sha256(f"bench-{iid}".encode()).hexdigest(),
                    "code_hash": password,
                    "first_signed_in_at": now - timedelta(days=3) if opened else None,
                })
                if opened:
                    answer_rows.extend({"invitation_id": iid, "key": key,
                                        "text": f"Parent {iid} wrote this about {key}. ትግርኛ"}
                                       for key in keys)
                if opened and (past or k == 0):
                    for number in range(1, 2 + (iid % 2)):
                        submissions.append({
                            "invitation_id": iid, "number": number,
                            "reference": f"B{iid:07d}{number}",
                            "sent_at": now - timedelta(days=2),
                            "content": {"answers": {key: f"Parent {iid} v{number}"
                                                    for key in keys}},
                        })
                if iid % 10 == 0:
                    requests.append({
                        "invitation_id": iid, "kind": RequestKind.CHILDCARE,
                        "details": {"children": 1, "ages": "4"},
                        "state": RequestState.ARRANGED if past else RequestState.OPEN,
                        "sent_at": now - timedelta(days=1),
                    })
        counts["conference"] = _rows(conn, Conference.__table__, conference_rows)
        counts["child"] = _rows(conn, Child.__table__, children)
        counts["report"] = _rows(conn, Report.__table__, reports)
        counts["report_version"] = _rows(conn, ReportVersion.__table__, report_versions)
        counts["invitation"] = _rows(conn, Invitation.__table__, invitations)
        counts["answer"] = _rows(conn, Answer.__table__, answer_rows)
        counts["submission"] = _rows(conn, Submission.__table__, submissions)
        counts["support_request"] = _rows(conn, SupportRequest.__table__, requests)
        for table in ("staff_user", "conference", "child", "report", "report_version",
                      "invitation", "answer", "submission", "support_request"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                              f"(SELECT max(id) FROM {table}))"))
    with app.app_context(), engine().connect().execution_options(
            isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    counts["seconds"] = round(clock_time.monotonic() - started)
    return counts


def measured_family(app):
    """One family made as the app makes it: a conference in ten days, a shared report,
    three parents, two who sent their views (one twice) and asked for things."""
    from portal import answers, questions, reports, requests_data, sending
    from portal.db import session
    from portal.models import StaffUser
    from portal.models.requests import RequestKind
    from tests.conftest import make_conference, make_invitation
    from tests.pages import REPORT_TEXTS

    with app.test_request_context():
        db = session()
        worker = db.get(StaffUser, 1)
        conference = make_conference(db, days_ahead=10, social_worker=worker)
        conference.council_id = worker.council_id  # the bench's council, not the factory's
        db.flush()
        report = reports.get_or_create_report(conference)
        for section, words in zip(report.sections, REPORT_TEXTS, strict=False):
            reports.save_section(report, section, section.heading, words)
        reports.share(report, worker)
        logins = []
        for n, name in enumerate(("Dana Whitfield", "Sam Whitfield", "Alex Moss")):
            invitation, token, code = make_invitation(db, conference, name=name)
            logins.append((token, code))
            if n < 2:
                for page in questions.PAGES:
                    answers.save_answers(invitation, {q.key: f"{name}: {q.key} ትግርኛ 中文"
                                                      for q in page.questions})
                    answers.mark_page_saved(invitation, f"views.{page.slug}")
                sending.send(invitation)
                if n == 0:
                    answers.save_answers(invitation, {questions.PAGES[0].questions[0].key:
                                                      "Changed my mind."})
                    sending.send(invitation)
                request = requests_data.save(invitation, RequestKind.CHILDCARE,
                                             {"children": "Amani, 7"})
                requests_data.send_now(request)
        db.commit()
        return conference.id, logins


def staff_client(app, email: str):
    client = app.test_client()
    page = client.get("/staff/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/staff/sign-in", data={
        "csrf_token": token, "email": email, "password": "bench password that is long enough"})
    if response.status_code != 302:
        raise RuntimeError(f"staff sign-in failed: HTTP {response.status_code}")
    return client


def timed(client, path: str) -> tuple[list[float], int]:
    status = 0
    for _ in range(2):
        status = client.get(path).status_code
    took = []
    for _ in range(TIMED):
        began = clock_time.perf_counter()
        status = client.get(path).status_code
        took.append((clock_time.perf_counter() - began) * 1000)
    return took, status


def explain(app, client, path: str) -> list[tuple[str, str]]:
    """(statement, plan) for every SELECT the page runs."""
    from portal.db import engine
    from tests.statements import Statements

    with Statements(app) as seen:
        client.get(path)
    plans = []
    with app.app_context(), engine().connect() as conn:
        for statement in seen.run:
            if not statement.sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            rows = conn.exec_driver_sql("EXPLAIN " + statement.sql, statement.parameters)
            plans.append((statement.sql, "\n".join(r[0] for r in rows)))
    return plans


def run(bench: Bench) -> Outcome:
    from tests.bench.serving import migrated_app

    outcome = Outcome()
    conferences = bench.args.conferences
    with postgres_database("scale") as url:
        # A council whose profile gives both report timescales, so the late list and the
        # timeliness view have deadlines to count against (Westminster's gives none).
        app = migrated_app(url, PORTAL_COUNCIL=COUNCIL)
        counts = generate(app, conferences)
        print("Generated on PostgreSQL in {seconds} s: ".format(**counts) + ", ".join(
            f"{counts[t]:,} {t}" for t in ("conference", "child", "invitation", "answer",
                                            "submission", "report", "report_version",
                                            "support_request", "staff")))
        conference_id, logins = measured_family(app)
        manager = staff_client(app, "manager@bench.example")
        worker = staff_client(app, "worker0@bench.example")
        parent = app.test_client()
        parent.set_cookie(*parent_cookie(app, *logins[0]).split("=", 1))
        upcoming_pages = _last_page(manager)
        pages = [
            ("manager", manager, "dashboard: upcoming", "/staff/"),
            ("manager", manager, "dashboard: this week", "/staff/?show=week"),
            ("manager", manager, "dashboard: late reports", "/staff/?show=late"),
            ("manager", manager, "dashboard: open requests", "/staff/?show=requests"),
            ("manager", manager, "dashboard: one social worker", "/staff/?worker=2"),
            ("manager", manager, f"dashboard: page {upcoming_pages}",
             f"/staff/?page={upcoming_pages}"),
            ("worker", worker, "dashboard: a social worker's", "/staff/"),
            ("manager", manager, "a conference page", f"/staff/conferences/{conference_id}"),
            ("manager", manager, "the family's views",
             f"/staff/conferences/{conference_id}/family"),
            ("manager", manager, "timeliness of reports", "/staff/timeliness"),
            ("parent", parent, "a parent's views page", "/views/risks"),
            ("parent", parent, "a parent's task list", "/tasks"),
        ]
        print(f"\nEach page {TIMED} times after 2 warm-up requests, in process "
              f"(target: median under {TARGET_MS} ms)\n")
        header = f"{'page':<40} {'who':<8} {'median ms':>9} {'p95 ms':>7}  verdict"
        print(header)
        print("-" * len(header))
        for who, client, label, path in pages:
            took, status = timed(client, path)
            slow = status != 200 or median(took) >= TARGET_MS
            outcome.failed += slow
            print(f"{label:<40} {who:<8} {median(took):>9.1f} {percentile(took, 95):>7.1f}  "
                  + ("SLOW" if median(took) >= TARGET_MS else "ok")
                  + (f" (HTTP {status})" if status != 200 else ""), flush=True)
        print("\nEXPLAIN plans of the dashboard's statements (manager, every view)\n")
        for _who, client, label, path in pages[:6]:
            print(f"--- {label} ({path})")
            for sql, plan in explain(app, client, path):
                scans = [t for t in GROWING if re.search(rf"Seq Scan on {t}\b", plan)]
                outcome.failed += bool(scans)
                print("  " + " ".join(sql.split())[:400])
                print("    " + plan.replace("\n", "\n    "))
                if scans:
                    print(f"    SEQUENTIAL SCAN of {', '.join(scans)}: an index is missing")
        app.extensions["db_engine"].dispose()
    return outcome


def _last_page(client) -> int:
    html = client.get("/staff/").get_data(as_text=True)
    numbers = [int(n) for n in re.findall(r"[?&]page=(\d+)", html)]
    return max(numbers, default=1)
