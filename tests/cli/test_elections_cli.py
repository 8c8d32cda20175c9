"""`cdnet elections list|show` and `cdnet detect election-silence` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cdnet.cli import app

CALENDAR = (
    "election_id,country,polling_day,timezone,silence_start,polls_close,poll_ban_start,kind,round\n"
    "xx-2025-03-30,FR,2025-03-30,Europe/Paris,2025-03-29 00:00,2025-03-30 20:00,,test,1\n"
)


def cdnet(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_list_shows_the_shipped_elections_of_a_country():
    result = cdnet("elections", "list", "--country", "pl", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert [e["election_id"] for e in listed] == ["pl-2024-06-09", "pl-2025-05-18", "pl-2025-06-01"]
    assert listed[1]["silence_start"] == "2025-05-17 00:00"
    assert listed[1]["windows"][0] == {
        "violation": "campaigning",
        "start": "2025-05-16T22:00:00+00:00",
        "end": "2025-05-18T19:00:00+00:00",
    }


def test_list_as_a_table_marks_countries_without_silence():
    result = cdnet("elections", "list", "--country", "NL")
    assert result.exit_code == 0, result.output
    assert "nl-2024-06-06" in result.output
    assert "none" in result.output


def test_show_gives_one_election_with_its_windows_in_utc():
    result = cdnet("elections", "show", "ro-2024-11-24")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert (shown["status"], shown["timezone"], shown["round"]) == (
        "annulled",
        "Europe/Bucharest",
        "1",
    )
    assert shown["windows"][0]["start"] == "2024-11-23T05:00:00+00:00"


def test_show_of_an_unknown_election_exits_with_not_found():
    result = cdnet("elections", "show", "zz-1999-01-01")
    assert result.exit_code == 3
    assert "no election" in result.output


def test_a_users_calendar_is_listed_and_used_by_the_detector(tmp_path: Path):
    calendar = tmp_path / "calendar.csv"
    calendar.write_text(CALENDAR)
    listed = cdnet("elections", "list", "--calendar", calendar, "--json")
    assert [e["election_id"] for e in json.loads(listed.output)] == ["xx-2025-03-30"]
    posts = tmp_path / "posts.csv"
    posts.write_text(
        "post_id,account_id,created_at,text,country\n"
        "p1,alice,2025-03-30T17:59:59Z,Votez Mélenchon !,FR\n"
        "p2,alice,2025-03-30T18:00:00Z,Votez Mélenchon !,FR\n"
    )
    result = cdnet("detect", "election-silence", posts, "--calendar", calendar)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [(r["post_id"], r["election_id"], r["violation"]) for r in records] == [
        ("p1", "xx-2025-03-30", "campaigning")
    ]
    assert records[0]["window_end"] == "2025-03-30T18:00:00Z"


def test_a_calendar_with_a_bad_date_time_exits_with_bad_input(tmp_path: Path):
    calendar = tmp_path / "calendar.csv"
    calendar.write_text(CALENDAR.replace("2025-03-30 20:00", "sunday 8pm"))
    result = cdnet("elections", "list", "--calendar", calendar)
    assert result.exit_code == 2
    assert "polls_close" in result.output


def test_list_shows_upcoming_elections_as_scheduled():
    result = cdnet("elections", "list", "--country", "FI", "--json")
    assert result.exit_code == 0, result.output
    upcoming = [e for e in json.loads(result.output) if e["status"] == "scheduled"]
    assert [(e["election_id"], e["polling_day"], e["silence"]) for e in upcoming] == [
        ("fi-2027-04-18", "2027-04-18", False)
    ]
    assert upcoming[0]["windows"] == []
