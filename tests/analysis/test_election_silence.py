"""election-silence: campaigning and poll publication inside silence windows, to the second."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cdnet.analysis.detectors import Tables, get
from cdnet.analysis.reference.elections import load_calendar
from cdnet.errors import BadInput

DETECTOR = get("election-silence")
COLUMNS = ("post_id", "account_id", "account_name", "text", "country")
CALL = "Dimanche, votez Bardella et le Rassemblement National !"
DST_CALENDAR = (
    "election_id,country,polling_day,timezone,silence_start,polls_close,poll_ban_start,kind\n"
    "fr-2025-03-30,FR,2025-03-30,Europe/Paris,2025-03-29 00:00,2025-03-30 20:00,,test\n"
    "fr-2025-10-26,FR,2025-10-26,Europe/Paris,2025-10-25 00:00,2025-10-26 20:00,,test\n"
)


def _write(folder: Path, name: str, posts: list[dict[str, Any]]) -> Path:
    rows = [{"post_id": f"p{i}", "account_id": "alice", **p} for i, p in enumerate(posts)]
    data = {col: pa.array([r.get(col) for r in rows], pa.string()) for col in COLUMNS}
    stamps = [datetime.fromisoformat(r["at"].replace("Z", "+00:00")) for r in rows]
    data["created_at"] = pa.array(stamps, pa.timestamp("us", tz="UTC"))
    path = folder / name
    pq.write_table(pa.table(data), path)
    return path


@pytest.fixture
def check(tmp_path: Path):
    """check([{at, text, country, ...}], **options) -> findings (records), on DuckDB."""

    def run(posts: list[dict[str, Any]], **options: Any) -> list[dict[str, Any]]:
        path = _write(tmp_path, "posts.parquet", posts)
        config = DETECTOR.make_config(options)
        with Tables({"posts": [path]}) as tables:
            return list(DETECTOR.findings(tables, config))

    return run


def test_a_call_to_vote_in_the_silence_is_campaigning_on_each_engine(tmp_path, engine):
    path = _write(tmp_path, "posts.parquet", [{"at": "2024-06-08T10:00:00Z", "text": CALL,
                                               "country": "FR"}])  # fmt: skip
    config = DETECTOR.make_config({})
    [record] = list(DETECTOR.findings(Tables({"posts": [path]}, engine), config))
    assert list(record) == [
        "detector", "score", "explanation", "disarm", "post_id", "account_id", "election_id",
        "violation", "created_at", "window_start", "window_end", "rule", "matched",
    ]  # fmt: skip
    assert record["post_id"] == "p0"
    assert record["account_id"] == "alice"
    assert record["election_id"] == "fr-2024-06-09"
    assert record["violation"] == "campaigning"
    assert record["rule"] == "call-to-vote"
    assert record["matched"] == ["votez", "Jordan Bardella", "Rassemblement National"]
    assert record["created_at"] == "2024-06-08T10:00:00Z"
    assert record["window_start"] == "2024-06-07T22:00:00Z"
    assert record["window_end"] == "2024-06-09T18:00:00Z"
    assert "campaign silence" in record["explanation"]
    assert "2024-06-07 22:00:00 UTC to 2024-06-09 18:00:00 UTC" in record["explanation"]


@pytest.mark.parametrize(
    ("at", "flagged"),
    [
        ("2024-06-07T21:59:59Z", False),  # one second before Saturday 00:00 in Paris
        ("2024-06-07T22:00:00Z", True),
        ("2024-06-09T17:59:59Z", True),  # one second before the polls close at 20:00
        ("2024-06-09T18:00:00Z", False),
        ("2024-06-09T18:00:01Z", False),
    ],
)
def test_the_window_holds_from_its_first_second_until_the_polls_close(check, at, flagged):
    found = check([{"at": at, "text": CALL, "country": "FR"}])
    assert [f["election_id"] for f in found] == (["fr-2024-06-09"] if flagged else [])


@pytest.mark.parametrize(
    ("at", "flagged"),
    [
        ("2025-03-28T22:59:59Z", False),  # silence starts at 00:00 CET = 23:00 UTC
        ("2025-03-28T23:00:00Z", True),
        ("2025-03-30T17:59:59Z", True),  # polls close at 20:00 CEST = 18:00 UTC
        ("2025-03-30T18:00:00Z", False),
        ("2025-03-30T18:30:00Z", False),  # inside a window wrongly kept at UTC+1
        ("2025-10-24T22:00:00Z", True),  # autumn: starts at 00:00 CEST = 22:00 UTC
        ("2025-10-24T21:59:59Z", False),
        ("2025-10-26T18:59:59Z", True),  # ends at 20:00 CET = 19:00 UTC
        ("2025-10-26T19:00:00Z", False),
    ],
)
def test_windows_across_a_daylight_saving_change_are_computed_in_the_zone(
    check, tmp_path, at, flagged
):
    calendar = tmp_path / "calendar.csv"
    calendar.write_text(DST_CALENDAR)
    found = check([{"at": at, "text": CALL, "country": "FR"}], calendar=calendar)
    assert bool(found) is flagged
    if flagged:
        assert found[0]["election_id"] in ("fr-2025-03-30", "fr-2025-10-26")


def test_an_overseas_territory_votes_a_day_earlier_in_its_own_zone(check):
    posts = [
        {"at": "2024-06-07T03:59:59Z", "text": CALL, "country": "GP"},  # Thu 23:59:59 local
        {"at": "2024-06-07T04:00:00Z", "text": CALL, "country": "GP"},  # Fri 00:00 local
        {"at": "2024-06-08T21:59:59Z", "text": CALL, "country": "GP"},  # Sat 17:59:59 local
        {"at": "2024-06-08T22:00:01Z", "text": CALL, "country": "GP"},  # its polls closed
        {"at": "2024-06-08T22:00:01Z", "text": CALL, "country": "FR"},  # mainland still silent
    ]
    found = check(posts)
    assert [(f["post_id"], f["election_id"]) for f in found] == [
        ("p1", "gp-2024-06-08"),
        ("p2", "gp-2024-06-08"),
        ("p4", "fr-2024-06-09"),
    ]
    assert found[0]["window_start"] == "2024-06-07T04:00:00Z"
    assert found[0]["window_end"] == "2024-06-08T22:00:00Z"


def test_a_country_without_silence_rules_has_no_campaigning_violation(check):
    posts = [
        {"at": "2024-06-06T12:00:00Z", "text": "Stem op D66! RN 30 %", "country": "NL"},
        {"at": "2025-02-23T10:00:00Z", "text": "Wählt AfD! Beide Stimmen für Alice Weidel",
         "account_id": "AfD", "country": "DE"},
    ]  # fmt: skip
    assert check(posts) == []


def test_germany_still_bans_estimates_while_its_polls_are_open(check):
    text = "Prognose: CDU/CSU 29 %, AfD 20 %, SPD 16 %"
    found = check(
        [
            {"at": "2025-02-23T16:59:59Z", "text": text, "country": "DE"},
            {"at": "2025-02-23T17:00:00Z", "text": text, "country": "DE"},  # 18:00 in Berlin
        ]
    )
    [record] = found
    assert (record["post_id"], record["violation"]) == ("p0", "poll-publication")
    assert record["rule"] == "poll-percentage"
    assert record["window_start"] == "2025-02-23T07:00:00Z"
    assert "ban on publishing polls" in record["explanation"]


@pytest.mark.parametrize(
    "text",
    [
        "Participation à 17h : 45,26 %, en hausse par rapport à 2019.",
        "Allez voter aujourd'hui ! Les bureaux ferment à 20h.",
        "Taux de participation 19 % à midi ; Jordan Bardella a voté ce matin à Garches.",
        "Premières estimations de participation : 52 %.",
    ],
)
def test_neutral_turnout_and_civic_reminders_are_not_violations(check, text):
    assert check([{"at": "2024-06-09T10:00:00Z", "text": text, "country": "FR"}]) == []


@pytest.mark.parametrize(
    ("text", "rule", "matched"),
    [
        ("Sondage sortie des urnes : RN 32 %, Renaissance 15 %", "poll-percentage",
         ["Rassemblement National", "Renaissance"]),
        ("Les premières estimations donnent Glucksmann devant Hayer", "exit-poll-wording",
         ["premieres estimations", "Raphaël Glucksmann", "Valérie Hayer"]),
        ("#RadioLondres le flan monte, Amsterdam en tête", "coded-hashtag", ["#radiolondres"]),
    ],
)  # fmt: skip
def test_polls_and_estimates_in_the_silence_are_poll_publication(check, text, rule, matched):
    [record] = check([{"at": "2024-06-09T15:00:00Z", "text": text, "country": "FR"}])
    assert (record["violation"], record["rule"], record["matched"]) == (
        "poll-publication",
        rule,
        matched,
    )


def test_any_post_of_a_party_account_in_the_silence_is_campaigning(check):
    post = {"at": "2024-06-29T08:00:00Z", "text": "Merci à nos militants.", "country": "FR",
            "account_id": "12345", "account_name": "@RNational_off"}  # fmt: skip
    [record] = check([post])
    assert (record["election_id"], record["rule"]) == ("fr-2024-06-30", "party-account")
    assert record["matched"] == ["Rassemblement National"]
    assert record["score"] == 0.9


def test_the_country_option_applies_to_posts_without_a_country(check):
    post = {"at": "2025-05-31T10:00:00Z", "text": "Głosuj na Trzaskowskiego!"}
    assert check([post]) == []
    [record] = check([post], country="pl")
    assert (record["election_id"], record["matched"]) == (
        "pl-2025-06-01",
        ["głosuj", "Rafał Trzaskowski"],
    )


def test_the_cancelled_romanian_round_has_no_window_and_the_2025_rounds_do(check):
    text = "Votați Simion! Votați Georgescu!"
    found = check(
        [
            {"at": "2024-12-07T10:00:00Z", "text": text, "country": "RO"},  # cancelled round
            {"at": "2025-05-17T03:59:59Z", "text": text, "country": "RO"},  # 06:59:59 EEST
            {"at": "2025-05-17T04:00:00Z", "text": text, "country": "RO"},  # campaign over
        ]
    )
    assert [(f["post_id"], f["election_id"]) for f in found] == [("p2", "ro-2025-05-18")]


def test_a_calendar_with_an_unknown_time_zone_names_its_row_and_column(tmp_path):
    calendar = tmp_path / "calendar.csv"
    calendar.write_text(DST_CALENDAR.replace("Europe/Paris", "Europe/Pariss", 1))
    with pytest.raises(BadInput) as caught:
        load_calendar(calendar)
    assert (caught.value.row, caught.value.field) == (2, "timezone")


def test_the_shipped_calendar_covers_the_2024_european_elections_in_all_member_states():
    elections = load_calendar()
    eu = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
    european = {e.country for e in elections if e.kind == "european"}
    assert set(eu.split()) <= european
    by_id = {e.election_id: e for e in elections}
    assert by_id["nl-2024-06-06"].silence is False
    assert by_id["ro-2024-11-24"].status == "annulled"
    assert by_id["pf-2024-07-06"].timezone == "Pacific/Tahiti"


def test_the_shipped_calendar_encodes_the_sourced_2024_rules():
    by_id = {e.election_id: e for e in load_calendar()}
    # Ireland's moratorium bound broadcasters only: no window for posts.
    assert by_id["ie-2024-06-07"].campaign_window is None
    assert by_id["ie-2024-06-07"].poll_window is None
    # Cyprus bans polls seven days before; Czechia three days before polling day.
    assert by_id["cy-2024-06-09"].poll_window[0].isoformat() == "2024-06-01T21:00:00+00:00"
    assert by_id["cz-2024-06-07"].poll_window[0].isoformat() == "2024-06-03T22:00:00+00:00"
    # Portugal's ban ends when the Azores close, 20:00 in Lisbon.
    assert by_id["pt-2024-06-09"].polls_close.isoformat() == "2024-06-09T19:00:00+00:00"
    # Hungary has no campaign silence, only a ban on estimates while polls are open.
    assert by_id["hu-2024-06-09"].campaign_window is None
    assert by_id["hu-2024-06-09"].poll_window[0].isoformat() == "2024-06-09T04:00:00+00:00"


def test_a_scheduled_election_applies_like_a_held_one(check, tmp_path):
    calendar = tmp_path / "calendar.csv"
    calendar.write_text(
        DST_CALENDAR.splitlines()[0]
        + ",status\n"
        + "fr-2027-04-11,FR,2027-04-11,Europe/Paris,2027-04-10 00:00,2027-04-11 20:00,,test,"
        + "scheduled\n"
    )
    [election] = load_calendar(calendar)
    assert election.status == "scheduled"
    [record] = check([{"at": "2027-04-10T12:00:00Z", "text": CALL, "country": "FR"}],
                     calendar=calendar)  # fmt: skip
    assert (record["election_id"], record["violation"]) == ("fr-2027-04-11", "campaigning")
