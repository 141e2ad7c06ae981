"""The parent's "Read the report" task: sections with labels in words, agree / partly /
disagree and a comment per section, a general comment, Check and Send, changes."""

from sqlalchemy import select

from portal import reports, sending
from portal.models import Invitation, Report, ReportComment
from tests.conftest import check_page
from tests.functional.parent_helpers import in_db, page, post_form, sign_in
from tests.functional.report_helpers import make_family


def _sign_in_first(client, family, index=0):
    _id, token, code = family.parents[index]
    sign_in(client, token, code)


def test_not_shared_yet_cannot_start(app, client):
    family = make_family(app, share=False)
    _sign_in_first(client, family)
    tasks = page(client, "/tasks")
    assert (
        "Read the social worker&#39;s report" in tasks or "Read the social worker's report" in tasks
    )
    assert "Cannot start yet" in tasks
    html = page(client, "/report")
    assert "has not shared the report" in html
    assert client.get(f"/report/{family.section_ids[0]}").status_code == 404


def test_sections_show_labels_in_words_and_record_first_opened(app, client):
    family = make_family(app)
    _sign_in_first(client, family)
    html = page(client, "/report")
    assert "What we are worried about" in html
    first_opened = in_db(
        app, lambda db: db.get(Invitation, family.parents[0][0]).report_first_opened_at
    )
    assert first_opened is not None
    html = page(client, f"/report/{family.section_ids[1]}")
    soup = check_page(html)
    labels = [s.get_text() for s in soup.select(".statement-label")]
    assert labels == ["Allegation", "Second-hand, from: school"]
    assert soup.find("input", attrs={"name": "agreement", "value": "partly"})
    # The other parent's first opening is their own.
    assert (
        in_db(app, lambda db: db.get(Invitation, family.parents[1][0]).report_first_opened_at)
        is None
    )
    # Opening again keeps the first time.
    page(client, "/report")
    assert (
        in_db(app, lambda db: db.get(Invitation, family.parents[0][0]).report_first_opened_at)
        == first_opened
    )


def test_comment_on_every_section_then_check_and_send(app, client):
    family = make_family(app)
    _sign_in_first(client, family)
    choices = ["agree", "partly", "disagree", "", "agree"]
    for section_id, choice in zip(family.section_ids, choices, strict=True):
        response = post_form(
            client,
            f"/report/{section_id}",
            {
                "agreement": choice,
                "comment": f"  My words on {section_id}\n  kept as typed <b>x</b>",
            },
        )
        assert response.status_code == 302
    assert response.headers["Location"].endswith("/report/general")
    response = post_form(client, "/report/general", {"comment": "Thank you for listening."})
    assert response.headers["Location"].endswith("/tasks")
    tasks = page(client, "/tasks")
    soup = check_page(tasks)
    report_task = [t for t in soup.select(".task") if "report" in t.get_text()][0]
    assert "Completed" in report_task.get_text()

    check = page(client, "/check")
    assert "Your comments on the report" in check
    assert "I partly agree" in check and "I disagree" in check
    assert "kept as typed &lt;b&gt;x&lt;/b&gt;" in check
    assert "Thank you for listening." in check

    response = post_form(client, "/send", {})
    assert response.status_code == 302

    def sent(db):
        invitation = db.get(Invitation, family.parents[0][0])
        return sending.latest(invitation).content["report"]

    content = in_db(app, sent)
    assert [s["agreement"] for s in content["sections"]] == [
        "agree",
        "partly",
        "disagree",
        "",
        "agree",
    ]
    assert (
        content["sections"][0]["comment"]
        == f"My words on {family.section_ids[0]}\n  kept as typed <b>x</b>"
    )
    assert content["general"] == "Thank you for listening."


def test_progress_is_saved_per_section(app, client):
    family = make_family(app)
    _sign_in_first(client, family)
    post_form(
        client, f"/report/{family.section_ids[0]}", {"agreement": "disagree", "comment": "No."}
    )
    tasks = check_page(page(client, "/tasks"))
    report_task = [t for t in tasks.select(".task") if "report" in t.get_text()][0]
    assert "In progress" in report_task.get_text()
    html = page(client, f"/report/{family.section_ids[0]}")
    assert 'value="disagree" checked' in html and ">No.</textarea>" in html
    overview = page(client, "/report")
    assert f'href="/report/{family.section_ids[1]}">' in overview  # the list, and Continue reading
    assert "Continue reading" in overview


def test_bad_input_is_explained_and_nothing_is_lost(app, client):
    family = make_family(app)
    _sign_in_first(client, family)
    url = f"/report/{family.section_ids[0]}"
    post_form(client, url, {"agreement": "agree", "comment": "First words."})
    too_long = "a" * 5001
    response = post_form(client, url, {"agreement": "maybe", "comment": too_long})
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    assert soup.title.get_text().startswith("Error:")
    errors = soup.select(".error-summary li")
    assert len(errors) == 2
    assert "5,000 characters or fewer" in response.get_data(as_text=True)
    assert too_long in response.get_data(as_text=True)  # what was typed is shown back
    saved = in_db(app, lambda db: db.scalar(select(ReportComment.text)))
    assert saved == "First words."
    # Control characters are refused too.
    response = post_form(client, url, {"comment": "bad\x00char"})
    assert "hidden control characters" in response.get_data(as_text=True)


def test_unknown_and_other_conferences_sections_are_404(app, client):
    family = make_family(app)
    other = make_family(app, names=("Chloe Barnes",))
    _sign_in_first(client, family)
    assert client.get("/report/999999").status_code == 404
    assert client.get(f"/report/{other.section_ids[0]}").status_code == 404
    response = post_form(client, f"/report/{family.section_ids[0]}", {"comment": "x"})
    assert response.status_code == 302
    token = client.get(f"/report/{family.section_ids[0]}").get_data(as_text=True)
    from tests.conftest import csrf_token

    response = client.post(
        f"/report/{other.section_ids[0]}", data={"csrf_token": csrf_token(token), "comment": "y"}
    )
    assert response.status_code == 404
    assert in_db(app, lambda db: len(db.scalars(select(ReportComment)).all())) == 1


def test_stale_form_shows_the_words_back_unsaved(app, client):
    family = make_family(app)
    _sign_in_first(client, family)
    url = f"/report/{family.section_ids[2]}"
    page(client, url)
    response = client.post(
        url, data={"csrf_token": "stale", "agreement": "partly", "comment": "Keep me"}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    check_page(html)
    assert "Keep me" in html and "not saved yet" in html
    assert in_db(app, lambda db: db.scalar(select(ReportComment))) is None


def test_two_parents_never_see_each_others_comments(app, client):
    family = make_family(app)
    _sign_in_first(client, family, 0)
    post_form(
        client,
        f"/report/{family.section_ids[0]}",
        {"agreement": "disagree", "comment": "Dana's secret words"},
    )
    post_form(client, "/report/general", {"comment": "Dana's general words"})
    other = app.test_client()
    _id, token, code = family.parents[1]
    sign_in(other, token, code)
    for url in [
        "/report",
        f"/report/{family.section_ids[0]}",
        "/report/general",
        "/check",
        "/tasks",
    ]:
        html = page(other, url)
        assert "Dana&#39;s" not in html and "Dana's" not in html
    report_task = [
        t for t in check_page(page(other, "/tasks")).select(".task") if "report" in t.get_text()
    ][0]
    assert "Not started" in report_task.get_text()


def test_after_the_report_changes_the_parent_is_told_which_sections(app, client):
    family = make_family(app)
    _sign_in_first(client, family)
    for section_id in family.section_ids:
        post_form(client, f"/report/{section_id}", {"agreement": "agree", "comment": ""})
    post_form(client, "/report/general", {"comment": ""})

    def edit(db):
        report = db.scalar(select(Report))
        section = reports.section(report, family.section_ids[1])
        reports.save_section(report, section, section.heading, section.body + "\n\nNew sentence.")
        reports.share(report, None)

    in_db(app, edit)
    tasks = check_page(page(client, "/tasks"))
    report_task = [t for t in tasks.select(".task") if "report" in t.get_text()][0]
    assert "In progress" in report_task.get_text()
    assert "changed the report" in report_task.get_text()
    overview = check_page(page(client, "/report"))
    notice = overview.select_one(".notice").get_text()
    assert "What we are worried about" in notice and "About the family" not in notice
    section_page = page(client, f"/report/{family.section_ids[1]}")
    assert "changed this part after you commented" in section_page
    assert "New sentence." in section_page
    post_form(
        client, f"/report/{family.section_ids[1]}", {"agreement": "partly", "comment": "Not true."}
    )
    overview = check_page(page(client, "/report"))
    assert overview.select_one(".notice") is None  # read again and commented: nothing to tell
    report_task = [
        t for t in check_page(page(client, "/tasks")).select(".task") if "report" in t.get_text()
    ][0]
    assert "Completed" in report_task.get_text()


def test_xss_in_the_report_is_not_executed_on_the_parent_page(app, client):
    family = make_family(app)

    def write(db):
        report = db.scalar(select(Report))
        section = reports.section(report, family.section_ids[0])
        reports.save_section(
            report,
            section,
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)> [x](javascript:alert(1)) <iframe src=https://e.example>",
        )
        reports.share(report, None)

    in_db(app, write)
    _sign_in_first(client, family)
    soup = check_page(page(client, f"/report/{family.section_ids[0]}"))
    main = soup.find("main")
    assert main.find("script") is None and main.find("img") is None and main.find("iframe") is None
    assert all(not a.get("href", "").startswith("javascript") for a in main.find_all("a"))
    assert "<script>alert(1)</script>" in soup.h1.get_text()


def test_who_has_read_your_views(app, client):
    from portal.audit import record_view
    from portal.models import StaffUser

    family = make_family(app)
    _sign_in_first(client, family)
    assert "Nobody has read your views yet" in page(client, "/readers")

    def read(db):
        worker = db.scalar(select(StaffUser).where(StaffUser.email == family.social_worker_email))
        invitation = db.get(Invitation, family.parents[0][0])
        record_view(worker, "viewed_views", invitation=invitation)
        record_view(worker, "viewed_views", invitation=db.get(Invitation, family.parents[1][0]))

    in_db(app, read)
    soup = check_page(page(client, "/readers"))
    rows = soup.select("tbody tr")
    assert len(rows) == 1
    cells = [td.get_text() for td in rows[0].find_all("td")]
    assert cells[0] == "Sam Okafor" and cells[1] == "Social worker"


def test_a_parent_who_has_read_it_is_told_once_what_changed(app, client):
    family = make_family(app)
    _sign_in_first(client, family)
    page(client, "/report")  # read version 1, no comments yet

    def edit(db):
        report = db.scalar(select(Report))
        section = reports.section(report, family.section_ids[2])
        reports.save_section(report, section, "What is going well", "Much better now.")
        reports.add_section(report, "Health", "[fact] Amani is well.")
        reports.share(report, None)

    in_db(app, edit)
    tasks = check_page(page(client, "/tasks"))
    report_task = [t for t in tasks.select(".task") if "report" in t.get_text()][0]
    assert "changed the report" in report_task.get_text()
    notice = check_page(page(client, "/report")).select_one(".notice").get_text()
    assert "What is going well" in notice and "Health" in notice
    assert "About the family" not in notice
    # Told once: the next visit, and the task list, are quiet again.
    assert check_page(page(client, "/report")).select_one(".notice") is None
    tasks = check_page(page(client, "/tasks"))
    report_task = [t for t in tasks.select(".task") if "report" in t.get_text()][0]
    assert "changed the report" not in report_task.get_text()
    # The other parent, who never opened it, is not told of changes to what they never read.
    other = app.test_client()
    sign_in(other, family.parents[1][1], family.parents[1][2])
    assert check_page(page(other, "/report")).select_one(".notice") is None
