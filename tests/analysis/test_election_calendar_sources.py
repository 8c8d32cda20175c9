"""The shipped election calendar encodes the rules its SOURCE.md cites (issue #8, part 1)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cdnet.analysis.detectors import Tables, get
from cdnet.analysis.reference.elections import load_calendar

DETECTOR = get("election-silence")
COLUMNS = ("post_id", "account_id", "account_name", "text", "country")
EU = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
#: Parties of countries the shipped registry does not cover, for these tests only.
PARTIES = (
    "country,name,aliases,handles,kind\n"
    "LT,Tėvynės sąjunga,TS-LKD|Homeland Union,x:TSLKD_test,party\n"
    "LV,Jaunā Vienotība,New Unity,x:JV_test,party\n"
)
CONFIDENCE = re.compile(r"\*(high|medium|low)\*|not found in the\s+sources available")


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


@pytest.fixture
def check(tmp_path: Path):
    """check([{at, text, country, ...}]) -> findings, with the shipped calendar."""
    parties = tmp_path / "parties.csv"
    parties.write_text(PARTIES, encoding="utf-8")

    def run(posts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rows = [{"post_id": f"p{i}", "account_id": "alice", **p} for i, p in enumerate(posts)]
        data = {col: pa.array([r.get(col) for r in rows], pa.string()) for col in COLUMNS}
        stamps = [_utc(r["at"]) for r in rows]
        data["created_at"] = pa.array(stamps, pa.timestamp("us", tz="UTC"))
        path = tmp_path / "posts.parquet"
        pq.write_table(pa.table(data), path)
        config = DETECTOR.make_config({"parties": parties})
        with Tables({"posts": [path]}) as tables:
            return list(DETECTOR.findings(tables, config))

    return run


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    return {e.election_id: e for e in load_calendar()}


def _source_md() -> str:
    files = resources.files("cdnet").joinpath("data", "elections", "SOURCE.md")
    return files.read_text("utf-8")


def test_lithuania_bans_campaigning_from_midnight_on_polling_day_until_the_polls_close(shipped):
    lithuania = shipped["lt-2024-06-09"]
    assert lithuania.silence is True
    # 00:00 and 20:00 in Vilnius (EEST, UTC+3) on 9 June 2024.
    assert lithuania.campaign_window == (_utc("2024-06-08T21:00:00Z"), _utc("2024-06-09T17:00:00Z"))
    assert lithuania.poll_window == lithuania.campaign_window


@pytest.mark.parametrize(
    ("at", "flagged"),
    [
        ("2024-06-08T20:59:59Z", False),  # 23:59:59 on the eve in Vilnius: still allowed
        ("2024-06-08T21:00:00Z", True),  # 00:00, seven hours before the polls open at 07:00
        ("2024-06-09T16:59:59Z", True),  # one second before the polls close at 20:00
        ("2024-06-09T17:00:00Z", False),
    ],
)
def test_a_lithuanian_call_to_vote_is_flagged_only_inside_polling_day_silence(check, at, flagged):
    found = check([{"at": at, "text": "Vote for Homeland Union today!", "country": "LT"}])
    assert [(f["election_id"], f["violation"]) for f in found] == (
        [("lt-2024-06-09", "campaigning")] if flagged else []
    )


def test_latvia_has_no_window_for_posts_because_only_paid_campaigning_is_banned(shipped):
    latvia = shipped["lv-2024-06-08"]
    assert latvia.silence is False
    assert latvia.campaign_window is None
    assert latvia.poll_window is None


def test_an_unpaid_latvian_party_post_on_the_eve_or_polling_day_is_not_flagged(check):
    posts = [
        {"at": "2024-06-07T09:00:00Z", "text": "Vote for New Unity tomorrow!", "country": "LV"},
        {"at": "2024-06-08T10:00:00Z", "text": "Paldies!", "country": "LV",
         "account_name": "@JV_test"},
        {"at": "2024-06-08T16:59:59Z", "text": "Vote for New Unity!", "country": "LV"},
    ]  # fmt: skip
    assert check(posts) == []


def test_the_same_lithuanian_post_is_flagged_where_latvias_is_not(check):
    """The registry and phrases match in both countries: only the calendar tells them apart."""
    posts = [
        {"at": "2024-06-08T10:00:00Z", "text": "Vote for New Unity!", "country": "LV"},
        {"at": "2024-06-09T10:00:00Z", "text": "Vote for Homeland Union!", "country": "LT"},
    ]
    found = check(posts)
    assert [(f["post_id"], f["rule"], f["matched"]) for f in found] == [
        ("p1", "call-to-vote", ["vote for", "Tėvynės sąjunga"])
    ]


def test_every_member_state_has_a_sourced_rule_with_a_confidence_in_source_md():
    text = _source_md()
    section = text[text.index("**Per-country rules") : text.index("Still **unverified**")]
    bullets = re.split(r"\n  \* ", section)[1:]
    covered: set[str] = set()
    for bullet in bullets:
        head = re.match(r"((?:[A-Z]{2}(?:, )?)+):", bullet)
        assert head, f"a per-country line must start with its country codes: {bullet[:40]!r}"
        assert CONFIDENCE.search(bullet), f"no confidence for {head.group(1)}"
        covered |= set(head.group(1).split(", "))
    assert set(EU) <= covered, sorted(set(EU) - covered)


def test_every_changed_row_of_source_md_matches_the_calendar(shipped):
    """The rows SOURCE.md says were changed are encoded as it says."""
    text = _source_md()
    assert "`silence_start` 2024-06-09 00:00" in text
    assert shipped["lt-2024-06-09"].local_silence_start == "2024-06-09 00:00"
    assert "LV: **no window for posts** (**changed**: `silence` = `none`" in text
    assert shipped["lv-2024-06-08"].silence is False
