"""Council profiles: the five seed councils' facts, each with its source; no value
without a source; clear messages for bad files; what check-profile prints."""

import shutil
import typing

import pytest
from pydantic import BaseModel

from portal import create_app
from portal.profiles import (
    PROFILE_DIR,
    ProfileError,
    load_profile,
    read_profile,
    schema,
    shipped_profiles,
)
from portal.profiles.listing import facts, not_given

SEEDS = ["bexley", "county-cyps", "southwark", "west-berkshire", "westminster"]
SEED_FILES = {"000", "001", "002", "003", "004"}


def test_the_five_seed_councils_ship_and_load():
    assert shipped_profiles() == SEEDS
    for slug in SEEDS:
        assert load_profile(slug).slug == slug


def _fact_types(annotation) -> set[type]:
    """The model classes a field's annotation allows (unwrapping Optional and list)."""
    found = set()
    for arg in typing.get_args(annotation) or (annotation,):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            found.add(arg)
        else:
            found |= _fact_types(arg) if typing.get_args(arg) else set()
    return found


def _walk_schema(model: type[BaseModel], prefix=""):
    """Every field of the schema as (dotted name, field info), sections opened up."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        types = _fact_types(info.annotation)
        sections = [t for t in types if not issubclass(t, schema.Sourced)]
        if sections:
            for section in sections:
                yield from _walk_schema(section, f"{path}.")
        else:
            yield path, info


def test_no_field_has_a_value_without_a_source():
    """Every field of the schema is a sourced fact that is absent unless given, or one of
    the portal's own settings. A default standing in for a fact fails here."""
    allowed_plain = {
        # The portal's own settings and the council's identity.
        "slug",
        "name",
        "service_name",
        "session_timeout_minutes",
        "staff.require_second_factor",
        # 999 is the same everywhere.
        "contacts.police_emergency",
    }
    for path, info in _walk_schema(schema.Profile):
        if path in allowed_plain or path.startswith("retention."):  # the portal's own
            continue
        types = _fact_types(info.annotation)
        assert types and all(issubclass(t, schema.Sourced) for t in types), (
            f"{path} can hold a value without a source"
        )
        assert info.default in (None, []), f"{path} has a default standing in for a fact"


def test_every_shipped_fact_names_its_seed_and_words_or_national():
    for slug in SEEDS:
        profile = load_profile(slug)
        found = facts(profile)
        assert found, slug
        for fact in found:
            if fact.source == "national":
                continue
            document, words = fact.source.split(": ", 1)
            assert document in SEED_FILES, (slug, fact)
            assert len(words) > 8, (slug, fact)


def test_a_quoted_source_is_really_in_its_leaflet():
    """The words after "000: " are the leaflet's (ignoring case, spacing, "..." gaps)."""
    from pathlib import Path

    # ../shared/seeds beside the checkout (or beside the folder of worktrees).
    root = Path(__file__).resolve().parents[2]
    found = [d / "shared" / "seeds" for d in (root.parent, root.parent.parent)]
    seeds = next((d for d in found if d.is_dir()), None)
    if seeds is None:
        pytest.skip("the seed leaflets (../shared/seeds) are not beside this checkout")
    text = {p.name[:3]: " ".join(p.read_text().lower().split()) for p in seeds.glob("0*.txt")}
    for slug in SEEDS:
        for fact in facts(load_profile(slug)):
            if fact.source == "national":
                continue
            document, words = fact.source.split(": ", 1)
            for piece in words.lower().split(" ... "):
                assert " ".join(piece.split()) in text[document], (slug, fact.field, piece)


def test_a_value_without_a_source_is_refused(tmp_path):
    path = _copy(tmp_path)
    text = path.read_text()
    text = text.replace(
        'minutes_working_days = { value = 15, source = "000: Get a copy',
        'minutes_working_days = { value = 15, sourcex = "000: Get a copy',
    )
    text = text.replace(
        'chair_team = { number = "020 7641 7668", source = "000: To speak with the '
        '\'Chair\' of the Conference call 020 7641 - 7668" }',
        'chair_team = { number = "020 7641 7668" }',
    )
    text = text.replace(
        'later_reviews_months = { value = 6, source = "000: and then every six months" }',
        "later_reviews_months = 6",
    )
    path.write_text(text)
    with pytest.raises(ProfileError) as raised:
        read_profile(path)
    message = str(raised.value)
    assert "field 'timescales.minutes_working_days.source': every fact needs its source" in message
    assert "field 'contacts.chair_team.source': every fact needs its source" in message
    assert (
        "field 'timescales.later_reviews_months': must be a table with the fact and its source"
        in message
    )


def test_a_source_must_name_its_document_and_words(tmp_path):
    path = _copy(tmp_path)
    path.write_text(
        path.read_text().replace(
            'source = "000: and then every six months"', 'source = "the leaflet"'
        )
    )
    with pytest.raises(ProfileError, match=r"later_reviews_months.source': every fact needs"):
        read_profile(path)


def test_each_profile_carries_its_leaflets_facts():
    wm, sw, county, wb, bx = (
        load_profile(s)
        for s in ("westminster", "southwark", "county-cyps", "west-berkshire", "bexley")
    )
    t = [p.timescales for p in (wm, sw, county, wb, bx)]
    # Minutes: Westminster and Bexley 15 working days, West Berkshire 20, the others none.
    assert [x.minutes_working_days and x.minutes_working_days.value for x in t] == [
        15,
        None,
        None,
        20,
        15,
    ]
    # Reports: only Bexley ("two days", "five days": days) and West Berkshire (48 hours,
    # 5 working days) give a timescale.
    assert (
        bx.timescales.reports_before_initial.count,
        bx.timescales.reports_before_initial.unit,
    ) == (2, "days")
    assert bx.timescales.reports_before_review.unit == "days"
    assert wb.timescales.reports_before_initial.unit == "hours"
    assert wb.timescales.reports_before_review.unit == "working days"
    assert wm.timescales.reports_before_initial is None
    # The plan: Westminster sends it with the minutes (15 working days); West Berkshire
    # within 24 hours; the others do not say.
    assert (wm.timescales.plan_sent.count, wm.timescales.plan_sent.unit) == (15, "working days")
    assert (wb.timescales.plan_sent.count, wb.timescales.plan_sent.unit) == (24, "hours")
    assert sw.timescales.plan_sent is None and bx.timescales.plan_sent is None
    # A complaint time limit: only the county (28 days of receiving the minutes).
    assert [x.complaint_days and x.complaint_days.value for x in t] == [None, None, 28, None, None]
    # National guidance fills only the three rules that apply in every council.
    for profile in (sw, wb, bx):
        assert profile.timescales.first_core_group_working_days.source == "national"
    national = {
        f.field for p in (wm, sw, county, wb, bx) for f in facts(p) if f.source == "national"
    }
    assert national <= {
        "timescales.first_core_group_working_days",
        "timescales.first_review_months",
        "timescales.later_reviews_months",
        "complaints.records",
    }
    # Children: the county "over 12", West Berkshire "10 and over", the others no age.
    assert (county.attendance.children_invited.age, county.attendance.children_invited.rule) == (
        12,
        "over",
    )
    assert (wb.attendance.children_invited.age, wb.attendance.children_invited.rule) == (
        10,
        "and over",
    )
    assert wm.attendance.children_invited is None
    # Westminster's corrected postcode, with its note.
    assert wm.address.value.endswith("SW1E 6QP") and "SW12 6QP" in wm.address.note
    assert wm.attendance.police_team.value == "Child Abuse Investigation Team (CAIT)"
    # Westminster: everyone but the social worker and the minute taker "may" come.
    assert [p.who for p in wm.attendance.usually] == ["social_worker", "minute_taker"]
    assert "police" in [p.who for p in wm.attendance.may]
    # Southwark: audio recording with consent, arrive 30 minutes early.
    assert sw.local.audio_recording_with_consent.value is True
    assert sw.local.arrive_minutes_early.value == 30
    assert sw.contacts.complaints.number == "020 7525 3977"
    assert sw.complaints.chair_service.steps[0] == "child_protection_manager"
    # The county: police always at the initial conference; its complaint route.
    police = next(p for p in county.attendance.usually if p.who == "police")
    assert police.initial_only
    assert county.complaints.decision.steps == [
        "talk_to_chair",
        "write_to_chair",
        "meeting_with_chair",
        "complaints_manager",
        "safeguarding_panel",
    ]
    assert county.contacts.out_of_hours.all_hours
    # West Berkshire: complaints with email; observers asked for a week ahead.
    assert wb.contacts.complaints.email == "ccsc@westberks.gov.uk"
    assert wb.local.observers_notice_weeks.value == 1
    assert bx.contacts.chair_team.number == "020 3045 3260"


def test_no_daytime_number_stands_in_for_out_of_hours():
    # Only Westminster (its Emergency Duty Team) and the county (a 24-hour line) give one.
    given = {s: load_profile(s).contacts.out_of_hours for s in SEEDS}
    assert {s for s, line in given.items() if line} == {"westminster", "county-cyps"}
    assert given["county-cyps"].all_hours
    assert "Emergency Duty Team" in given["westminster"].source


def _copy(tmp_path, slug="westminster"):
    target = tmp_path / f"{slug}.toml"
    shutil.copy(PROFILE_DIR / f"{slug}.toml", target)
    return target


def test_a_malformed_profile_names_the_file_the_field_and_the_problem(tmp_path):
    path = _copy(tmp_path)
    text = path.read_text()
    text = text.replace(
        "minutes_working_days = { value = 15,", "minutes_working_days = { value = 0,"
    )
    text = text.replace('slug = "westminster"\n', "")
    text = text.replace(
        'decision = { steps = ["talk_to_chair", "council_complaints"]',
        'decision = { steps = ["shout_at_chair"]',
    )
    path.write_text(text)
    with pytest.raises(ProfileError) as raised:
        read_profile(path)
    lines = str(raised.value).splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"{path}: field ") for line in lines)
    message = str(raised.value)
    assert (
        "field 'timescales.minutes_working_days.value': Input should be greater than or equal to 1"
        in message
    )
    assert "field 'slug': is missing; add it" in message
    assert "field 'complaints.decision.steps.0'" in message and "'shout_at_chair'" in message


def test_not_toml_unknown_field_and_wrong_slug(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("slug = \n")
    with pytest.raises(ProfileError, match="not valid TOML"):
        read_profile(broken)
    path = _copy(tmp_path)
    path.write_text(path.read_text().replace("[local]\n", "[local]\naudio_recordings = true\n"))
    with pytest.raises(ProfileError, match=r"field 'local.audio_recordings': is not a field"):
        read_profile(path)
    renamed = tmp_path / "other.toml"
    shutil.copy(PROFILE_DIR / "bexley.toml", renamed)
    with pytest.raises(ProfileError, match=r"field 'slug': is 'bexley' but the file is named"):
        read_profile(renamed)
    with pytest.raises(ProfileError, match="no such profile file"):
        read_profile(tmp_path / "missing.toml")


def test_portal_council_picks_a_profile_and_a_bad_one_stops_start_up(tmp_path):
    app = create_app({"PORTAL_COUNCIL": "southwark", "DATABASE_URL": "sqlite://"})
    assert app.extensions["profile"].name == "Southwark Council"
    path = _copy(tmp_path)
    path.write_text(path.read_text().replace('number = "020 7641 7668"', 'number = "call me"'))
    with pytest.raises(ProfileError) as raised:
        create_app(
            {
                "PORTAL_COUNCIL": "westminster",
                "PORTAL_PROFILE_DIR": str(tmp_path),
                "DATABASE_URL": "sqlite://",
            }
        )
    assert f"{path}: field 'contacts.chair_team.number'" in str(raised.value)
    assert "'call me'" in str(raised.value)


def test_check_profile_lists_each_fact_with_its_source_and_what_is_not_given(app):
    runner = app.test_cli_runner()
    path = PROFILE_DIR / "county-cyps.toml"
    good = runner.invoke(args=["portal", "check-profile", str(path)])
    assert good.exit_code == 0, good.output
    out = good.output
    assert f"{path}: A county council: the file is valid." in out
    assert (
        "  timescales.complaint_days: 28\n"
        "      source: 002: invite you to write to him/her"
        " within 28 days of receiving the minutes\n"
    ) in out
    given, missing = out.split("Not given")
    assert (
        "  contacts.out_of_hours: 0808 800 4005 (day and night, the council's general number)"
        in given
    )
    for field in not_given(load_profile("county-cyps")):
        assert f"\n  {field}\n" in missing
    assert "  timescales.minutes_working_days\n" in missing
    assert "  contacts.chair_team\n" in missing
    total = len(facts(load_profile("county-cyps")))
    assert (
        f"{total} facts: {total - 1} from the council's own documents, 1 from national guidance."
        in out
    )
    # A correction shows its note.
    westminster = runner.invoke(
        args=["portal", "check-profile", str(PROFILE_DIR / "westminster.toml")]
    )
    assert "      note: The leaflet prints the postcode as SW12 6QP" in westminster.output


def test_check_profile_lists_every_problem(app, tmp_path):
    runner = app.test_cli_runner()
    path = _copy(tmp_path)
    path.write_text(
        path.read_text()
        .replace(
            "minutes_working_days = { value = 15,", 'minutes_working_days = { value = "fifteen",'
        )
        .replace('name = "Westminster City Council"\n', "")
    )
    bad = runner.invoke(args=["portal", "check-profile", str(path)])
    assert bad.exit_code == 1
    assert f"{path}: field 'name': is missing; add it" in bad.output
    assert f"{path}: field 'timescales.minutes_working_days.value'" in bad.output
    assert "2 problem(s) found" in bad.output
