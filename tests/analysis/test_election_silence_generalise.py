# ruff: noqa: RUF001 - Cyrillic and Greek posts are the point
"""election-silence generalises: spellings, languages, figures and registries beyond the examples.

Each test uses its own sentences, different from those of the held-out set in bench/silence/.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cdnet.analysis.detectors import Tables, get
from cdnet.analysis.detectors.election_silence_text import PERCENT, fold

DETECTOR = get("election-silence")
# One moment inside each window used below (UTC).
FR_EP = "2024-06-08T10:00:00Z"
FR_LEG2 = "2024-07-06T10:00:00Z"
PL_R1 = "2025-05-17T10:00:00Z"
DE_DAY = "2025-02-23T12:00:00Z"  # polls open: estimates banned, no campaign silence
EP = "2024-06-08T12:00:00Z"  # inside the silence of IT, HR, BG, SI, GR


def _posts(folder: Path, posts: list[dict[str, Any]]) -> Path:
    rows = [{"post_id": f"p{i}", "account_id": "alice", **p} for i, p in enumerate(posts)]
    columns = ("post_id", "account_id", "account_name", "text", "country")
    data = {c: pa.array([r.get(c) for r in rows], pa.string()) for c in columns}
    stamps = [datetime.fromisoformat(r["at"].replace("Z", "+00:00")) for r in rows]
    data["created_at"] = pa.array(stamps, pa.timestamp("us", tz="UTC"))
    path = folder / "posts.parquet"
    pq.write_table(pa.table(data), path)
    return path


@pytest.fixture
def violations(tmp_path: Path):
    """violations(at, country, text) -> {violation: rule} of alice's post."""

    def run(at: str, country: str, text: str) -> dict[str, str]:
        path = _posts(tmp_path, [{"at": at, "text": text, "country": country}])
        with Tables({"posts": [path]}) as tables:
            found = DETECTOR.findings(tables, DETECTOR.make_config({}))
            return {f["violation"]: f["rule"] for f in found}

    return run


def test_folding_reduces_letters_unicode_does_not_decompose():
    assert fold("Łódź, Đakovo, Ħamrun") == "Lodz, Dakovo, Hamrun"


def test_a_polish_call_without_diacritics_and_an_inflected_surname_is_campaigning(violations):
    assert violations(PL_R1, "PL", "Zaglosujcie jutro na Zandberga!") == {
        "campaigning": "call-to-vote"
    }
    assert violations(PL_R1, "PL", "Postaw na Biejat w niedzielę") == {
        "campaigning": "call-to-vote"
    }


def test_an_inflected_surname_alone_is_not_a_call(violations):
    assert violations(PL_R1, "PL", "Widziałem Zandberga w tramwaju") == {}


def test_a_lower_case_acronym_counts_right_after_a_call_only(violations):
    assert violations(FR_EP, "FR", "votez lfi dimanche les amis") == {"campaigning": "call-to-vote"}
    assert violations(FR_EP, "FR", "rdv au local lfi, votez pour qui vous voulez") == {}


@pytest.mark.parametrize(
    ("figure", "flagged"),
    [
        ("30 Prozent", True),
        ("29,5 pour cent", True),
        ("35 posto", True),
        ("31 proc.", True),
        ("42 százalék", True),
        ("27 la sută", True),
        ("12 odstotkov", True),
        ("30 Prozentpunkte", False),
        ("300 euros", False),
    ],
)
def test_percent_words_of_eu_languages_are_figures(figure, flagged):
    assert bool(PERCENT.search(fold(figure).casefold())) is flagged


def test_a_percentage_written_as_a_word_next_to_a_candidate_is_a_poll(violations):
    assert violations(DE_DAY, "DE", "Lindner angeblich nur bei 4 Prozent") == {
        "poll-publication": "poll-percentage"
    }


def test_a_seat_projection_next_to_a_party_is_a_poll(violations):
    text = "Selon nos infos, Les Républicains garderaient 60 sièges"
    assert violations(FR_LEG2, "FR", text) == {"poll-publication": "poll-percentage"}


def test_a_list_of_parties_with_bare_figures_is_a_poll_but_one_figure_is_not(violations):
    assert violations(DE_DAY, "DE", "Stand jetzt: SPD 15 / FDP 4 / BSW 5") == {
        "poll-publication": "poll-percentage"
    }
    assert violations(DE_DAY, "DE", "SPD 2 Minuten zu spät zur Pressekonferenz") == {}


def test_a_figure_dated_to_a_past_year_is_history_not_a_poll(violations):
    assert violations(FR_EP, "FR", "Rappel : en 2017, Mélenchon avait fait 19,6 %") == {}
    assert violations(FR_EP, "FR", "Ce matin Mélenchon serait à 19,6 %") == {
        "poll-publication": "poll-percentage"
    }


def test_a_hashtag_containing_a_candidate_names_them(violations):
    assert violations(FR_EP, "FR", "Votez dimanche ! #TeamBellamy") == {
        "campaigning": "call-to-vote"
    }


@pytest.mark.parametrize(
    ("country", "text"),
    [
        ("IT", "Domenica votate Siamo Europei, scrivete Calenda!"),
        ("HR", "Zaokružite Most u nedjelju!"),
        ("BG", "Гласувайте за БСП в неделя!"),
        ("SI", "V nedeljo volite Vesna!"),
        ("GR", "Ψηφίστε Νίκη την Κυριακή!"),
    ],
)
def test_calls_to_vote_in_more_member_states_are_campaigning(violations, country, text):
    assert violations(EP, country, text) == {"campaigning": "call-to-vote"}


def test_exit_poll_wording_in_more_languages_needs_a_figure(violations):
    assert violations(EP, "SI", "Vzporedne volitve ob 19h: prva lista 30 %") == {
        "poll-publication": "exit-poll-wording"
    }
    assert violations(EP, "BG", "Екзит пол: 24% за първата партия") == {
        "poll-publication": "exit-poll-wording"
    }
    assert violations(EP, "BG", "Кога ще има екзит пол?") == {}


def test_registry_names_that_are_everyday_words_stay_quiet(violations):
    assert violations(EP, "IT", "L'azione Stellantis sale del 3% oggi") == {}
    assert violations("2024-06-06T12:00:00Z", "CZ", "Spolu s přáteli jsme vyhráli 20 %") == {}


def test_turnout_in_more_languages_is_not_a_poll(violations):
    assert violations(EP, "HR", "Odaziv do 11:30 sati: 8,4 %. Izađite na izbore!") == {}
