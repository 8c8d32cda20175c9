"""The shipped reference data of issue #7: the sanctions register and the state-media list."""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path

import pytest

REGISTER_COLUMNS = [
    "entity_id",
    "name",
    "aliases",
    "kind",
    "handles",
    "domains",
    "legal_basis",
    "listed_on",
]
STATE_MEDIA_COLUMNS = ["name", "country", "typology", "domains", "page_names", "handles", "source"]
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
HANDLE = re.compile(r"^(x|telegram|youtube|facebook|instagram|tiktok|vk):[^\s|:]+$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sanctions"

# Every Annex XV outlet named in issue #7, as the issue spells it.
ISSUE_OUTLETS = [
    "RT",
    "Sputnik",
    "Rossiya RTR",
    "RTR Planeta",
    "Rossiya 24",
    "TV Centre International",
    "NTV",
    "NTV Mir",
    "Rossiya 1",
    "REN TV",
    "Pervyi Kanal",
    "RT Arabic",
    "Sputnik Arabic",
    "RT Balkan",
    "Oriental Review",
    "Tsargrad",
    "New Eastern Outlook",
    "Katehon",
    "Voice of Europe",
    "RIA Novosti",
    "Izvestija",
    "Rossiyskaya Gazeta",
    "EADaily",
    "Fondsk",
    "Lenta",
    "NewsFront",
    "RuBaltic",
    "SouthFront",
    "Strategic Culture Foundation",
    "Krasnaya Zvezda",
    "TV Zvezda",
]


def _rows(*parts: str) -> tuple[list[str], list[dict[str, str]]]:
    text = resources.files("cdnet").joinpath("data", *parts).read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines())
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _split(value: str) -> list[str]:
    return [item for item in value.split("|") if item]


@pytest.fixture(scope="module")
def register() -> list[dict[str, str]]:
    columns, rows = _rows("sanctions", "register.csv")
    assert columns[: len(REGISTER_COLUMNS)] == REGISTER_COLUMNS
    return rows


@pytest.fixture(scope="module")
def state_media() -> list[dict[str, str]]:
    columns, rows = _rows("state_media", "state_media.csv")
    assert columns == STATE_MEDIA_COLUMNS
    return rows


def _names(row: dict[str, str]) -> set[str]:
    return {n.casefold() for n in [row["name"], *_split(row["aliases"])]}


def test_register_has_the_formats_columns_and_unique_entity_ids(
    register: list[dict[str, str]],
) -> None:
    ids = [row["entity_id"] for row in register]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"eu-[0-9]+-[a-z0-9-]+", i) for i in ids)
    assert all(row["name"].strip() for row in register)
    assert {row["kind"] for row in register} <= {"outlet", "person", "organisation"}


def test_every_outlet_named_in_the_issue_is_in_the_register_by_name_or_alias(
    register: list[dict[str, str]],
) -> None:
    outlets = [row for row in register if row["kind"] == "outlet"]
    known = set().union(*(_names(row) for row in outlets))
    joined = {part.strip().casefold() for row in outlets for part in row["name"].split("/")}
    missing = [n for n in ISSUE_OUTLETS if n.casefold() not in known | joined]
    assert missing == []


def test_annex_xv_outlets_carry_the_amending_regulation_and_its_date(
    register: list[dict[str, str]],
) -> None:
    by_id = {row["entity_id"]: row for row in register}
    assert by_id["eu-833-rt"]["legal_basis"].startswith("Reg. (EU) 2022/350 (Annex XV")
    assert by_id["eu-833-rt"]["listed_on"] == "2022-03-01"
    assert by_id["eu-833-rossiya-24"]["listed_on"] == "2022-06-03"
    assert by_id["eu-833-pervyi-kanal"]["legal_basis"].startswith("Reg. (EU) 2022/2474")
    assert by_id["eu-833-rt-arabic"]["listed_on"] == "2023-02-25"
    assert by_id["eu-833-katehon"]["legal_basis"].startswith("Reg. (EU) 2023/1214")
    assert by_id["eu-833-voice-of-europe"]["country"] == "CZ"
    assert by_id["eu-833-lenta"]["legal_basis"].startswith("Reg. (EU) 2025/395")


def test_every_row_has_a_legal_basis_and_an_iso_listing_date(
    register: list[dict[str, str]],
) -> None:
    for row in register:
        assert row["legal_basis"].startswith("Reg. (EU)"), row["entity_id"]
        assert ISO_DATE.match(row["listed_on"]), row["entity_id"]
        assert "2014-01-01" <= row["listed_on"] <= "2026-12-31"


def test_domains_and_mirrors_are_valid_lower_case_host_names(
    register: list[dict[str, str]],
) -> None:
    for row in register:
        for host in _split(row["domains"]) + _split(row.get("mirrors", "")):
            assert HOST.match(host), (row["entity_id"], host)
            assert not host.startswith("www.")
        assert not set(_split(row["domains"])) & set(_split(row.get("mirrors", "")))


def test_handles_are_platform_colon_handle(register: list[dict[str, str]]) -> None:
    for row in register:
        for handle in _split(row["handles"]):
            assert HANDLE.match(handle), (row["entity_id"], handle)


def test_aliases_cover_cyrillic_and_both_transliterations(
    register: list[dict[str, str]],
) -> None:
    by_id = {row["entity_id"]: _names(row) for row in register}
    assert {"pervyi kanal", "perviy kanal", "первый канал", "channel one russia"} <= by_id[
        "eu-833-pervyi-kanal"
    ]
    assert {"izvestia", "izvestiya", "известия"} <= by_id["eu-833-izvestia"]
    assert {"margarita simonyan", "маргарита симоньян"} <= by_id["eu-269-simonyan"]


def test_official_domains_and_mirrors_are_attached_to_the_right_outlet(
    register: list[dict[str, str]],
) -> None:
    by_id = {row["entity_id"]: row for row in register}
    assert "rt.com" in _split(by_id["eu-833-rt"]["domains"])
    assert "sputniknews.com" in _split(by_id["eu-833-sputnik"]["domains"])
    assert "arabic.rt.com" in _split(by_id["eu-833-rt-arabic"]["domains"])
    assert {"rtde.world", "esrt.online"} <= set(_split(by_id["eu-833-rt"]["mirrors"]))
    assert "telegram:rt_russian" in _split(by_id["eu-833-rt"]["handles"])


def test_ordinary_words_are_not_aliases(register: list[dict[str, str]]) -> None:
    every = set().union(*(_names(row) for row in register))
    assert not {"ria", "rg", "neo", "vesti", "zvezda", "sda", "первый"} & every


def test_people_under_269_2014_and_2024_2642_are_listed_as_persons(
    register: list[dict[str, str]],
) -> None:
    people = {row["name"]: row for row in register if row["kind"] == "person"}
    assert {"Margarita Simonyan", "Dmitry Kiselyov", "Vladimir Solovyov"} <= set(people)
    assert "269/2014" in people["Dmitry Kiselyov"]["legal_basis"]
    assert people["Dmitry Kiselyov"]["listed_on"] == "2014-03-21"
    assert "2024/2642" in people["Artem Kureev"]["legal_basis"]


def test_state_media_list_has_the_named_outlets_with_iso_countries(
    state_media: list[dict[str, str]],
) -> None:
    def find(word: str) -> dict[str, str]:
        hits = [r for r in state_media if word in r["name"] or word in r["page_names"]]
        assert hits, word
        return hits[0]

    expected = {
        "CGTN": "CN",
        "Xinhua": "CN",
        "People's Daily": "CN",
        "Global Times": "CN",
        "CCTV": "CN",
        "China Daily": "CN",
        "RT International": "RU",
        "Sputnik": "RU",
        "TRT World": "TR",
        "Press TV": "IR",
    }
    for word, country in expected.items():
        assert find(word)["country"] == country, word
    assert "cgtn.com" in _split(find("CGTN")["domains"])


def test_state_media_rows_are_state_controlled_with_valid_fields(
    state_media: list[dict[str, str]],
) -> None:
    assert len(state_media) > 400
    for row in state_media:
        assert re.fullmatch(r"[A-Z]{2}", row["country"]), row["name"]
        assert row["typology"] in {"SC", "CaPu", "CaPr"}
        for host in _split(row["domains"]):
            assert HOST.match(host), (row["name"], host)
        for handle in _split(row["handles"]):
            assert HANDLE.match(handle), (row["name"], handle)
    independent = {"British Broadcasting Corporation (BBC)", "ARD", "Deutsche Welle (DW)"}
    assert not independent & {row["name"] for row in state_media}
    assert "Korean Broadcasting System (KBS)" not in {row["name"] for row in state_media}


def test_sanctions_fixtures_point_at_register_entities(register: list[dict[str, str]]) -> None:
    ids = {row["entity_id"] for row in register}
    with (FIXTURES / "positives.csv").open(encoding="utf-8") as fh:
        positives = list(csv.DictReader(fh))
    with (FIXTURES / "hard_negatives.csv").open(encoding="utf-8") as fh:
        negatives = list(csv.DictReader(fh))
    assert len(positives) >= 30 and len(negatives) >= 30
    assert {row["expected_entity_id"] for row in positives} <= ids
    assert all(row["expected_entity_id"] == "" for row in negatives)
    assert {"RTÉ News", "Sputnik Photos", "Ria Money Transfer", "DW на русском"} <= {
        row["name"] for row in negatives
    }
