"""Council profiles: the five seed councils' facts, and clear messages for bad files."""

import shutil

import pytest

from portal import create_app
from portal.profiles import PROFILE_DIR, ProfileError, load_profile, read_profile, shipped_profiles

SEEDS = ["bexley", "county-cyps", "southwark", "west-berkshire", "westminster"]


def test_the_five_seed_councils_ship_and_load():
    assert shipped_profiles() == SEEDS
    for slug in SEEDS:
        assert load_profile(slug).slug == slug


def test_each_profile_carries_its_leaflets_facts():
    wm, sw, county, wb, bx = (
        load_profile(s)
        for s in ("westminster", "southwark", "county-cyps", "west-berkshire", "bexley")
    )
    # Minutes: 15 working days, West Berkshire 20.
    assert [p.timescales.minutes_working_days for p in (wm, sw, county, wb, bx)] == [
        15,
        15,
        15,
        20,
        15,
    ]
    # Children invited from 12, West Berkshire 10.
    assert county.timescales.children_invited_from_age == 12
    assert wb.timescales.children_invited_from_age == 10
    # Westminster's numbers.
    assert wm.contacts.chair_team.number == "020 7641 7668"
    assert wm.attendance.police_team == "Child Abuse Investigation Team (CAIT)"
    # Southwark: audio recording with consent, arrive 30 minutes early, two numbers.
    assert sw.local.audio_recording_with_consent is True
    assert sw.local.arrive_minutes_early == 30
    assert sw.contacts.quality_assurance.number == "020 7525 3722"
    assert sw.contacts.complaints.number == "020 7525 3977"
    assert sw.complaints.chair_service[0] == "child_protection_manager"
    # The county: police always at the initial conference; 28-day written complaint,
    # meeting with the chair, complaints manager, safeguarding board panel.
    assert county.name == "A county council"
    assert county.attendance.police_team == "Police Child Abuse Investigation Unit (CAIU)"
    assert county.attendance.police_at == "initial"
    assert county.timescales.complaint_days == 28
    assert county.complaints.decision == [
        "talk_to_chair",
        "write_to_chair",
        "meeting_with_chair",
        "complaints_manager",
        "safeguarding_panel",
    ]
    assert county.contacts.out_of_hours.all_hours
    # West Berkshire: the chair's service, the complaints manager with email, observers.
    assert wb.contacts.chair_team.number == "01635 503153"
    assert wb.contacts.complaints.number == "01635 519787"
    assert wb.contacts.complaints.email == "ccsc@westberks.gov.uk"
    assert wb.local.observers_notice_days == 7
    # Bexley: the Safeguarding Children Service.
    assert bx.contacts.chair_team.number == "020 3045 3260"


def test_stand_in_numbers_are_marked_general():
    # Where a leaflet gives no number for a team, the profile uses the council's
    # general number and says so, so the guide can tell the parent to ask.
    assert load_profile("bexley").contacts.social_work.general
    assert load_profile("west-berkshire").contacts.out_of_hours.general
    assert not load_profile("westminster").contacts.social_work.general


def _copy(tmp_path, slug="westminster"):
    target = tmp_path / f"{slug}.toml"
    shutil.copy(PROFILE_DIR / f"{slug}.toml", target)
    return target


def test_a_malformed_profile_names_the_file_the_field_and_the_problem(tmp_path):
    path = _copy(tmp_path)
    text = path.read_text()
    text = text.replace("minutes_working_days = 15", "minutes_working_days = 0")
    text = text.replace('chair_team = { number = "020 7641 7668" }\n', "")
    text = text.replace(
        'decision = ["talk_to_chair", "council_complaints"]', 'decision = ["shout_at_chair"]'
    )
    path.write_text(text)
    with pytest.raises(ProfileError) as raised:
        read_profile(path)
    lines = str(raised.value).splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"{path}: field ") for line in lines)
    message = str(raised.value)
    assert (
        "field 'timescales.minutes_working_days': Input should be greater than or equal to 1"
        in message
    )
    assert "field 'contacts.chair_team': is missing; add it" in message
    assert "field 'complaints.decision.0'" in message and "'shout_at_chair'" in message


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


def test_check_profile_command(app, tmp_path):
    runner = app.test_cli_runner()
    good = runner.invoke(args=["portal", "check-profile", str(PROFILE_DIR / "county-cyps.toml")])
    assert good.exit_code == 0, good.output
    assert good.output.strip() == "OK"
    path = _copy(tmp_path)
    path.write_text(
        path.read_text()
        .replace("children_invited_from_age = 12", 'children_invited_from_age = "twelve"')
        .replace('name = "Westminster City Council"\n', "")
    )
    bad = runner.invoke(args=["portal", "check-profile", str(path)])
    assert bad.exit_code == 1
    assert f"{path}: field 'name': is missing; add it" in bad.output
    assert f"{path}: field 'timescales.children_invited_from_age'" in bad.output
    assert "2 problem(s) found" in bad.output
