"""sanctions: channels of listed outlets are found with their evidence; look-alikes are not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cdnet.analysis.detectors import Tables, get

DETECTOR = get("sanctions")
REGISTER = Path(__file__).parents[1] / "fixtures" / "sanctions" / "register_small.csv"
COLUMNS = ("channel_id", "platform", "name", "handle", "description", "url", "links", "country")


@pytest.fixture(scope="module")
def check(tmp_path_factory: pytest.TempPathFactory, engine):
    """check([{channel fields}], **options) -> findings (records) against the small register."""
    folder = tmp_path_factory.mktemp("channels")
    counter = iter(range(1_000_000))

    def run(channels: list[dict[str, Any]], **options: Any) -> list[dict[str, Any]]:
        rows = [
            {"channel_id": f"c{i}", "platform": "telegram", **c} for i, c in enumerate(channels)
        ]
        data = {
            col: pa.array(
                [r.get(col) for r in rows],
                pa.list_(pa.string()) if col == "links" else pa.string(),
            )
            for col in COLUMNS
        }
        path = folder / f"channels-{next(counter)}.parquet"
        pq.write_table(pa.table(data), path)
        config = DETECTOR.make_config({"list": REGISTER, **options})
        return list(DETECTOR.findings(Tables({"channels": [path]}, engine), config))

    return run


def one(found: list[dict[str, Any]]) -> dict[str, Any]:
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("channel", "entity_id", "matched_on"),
    [
        ({"name": "RT на русском", "handle": "@rt_russian"}, "rt", "handle"),
        ({"platform": "x", "name": "RT", "handle": "RT_com"}, "rt", "handle"),
        ({"platform": "x", "name": "Russia Today"}, "rt", "alias"),
        ({"name": "RT DE Mirror", "url": "https://rtde.tech/"}, "rt", "domain"),
        ({"name": "Nachrichten", "links": ["https://de.rt.com/inland/1"]}, "rt", "domain"),
        ({"name": "Спутник", "url": "https://snanews.de"}, "sputnik", "domain"),
        ({"name": "Spутnik Deutschland"}, "sputnik", "alias"),  # noqa: RUF001
        ({"name": "Известия", "url": "https://iz.ru/news"}, "izvestia", "domain"),
        ({"name": "Izvestija", "handle": "izvestia"}, "izvestia", "handle"),
        ({"name": "Маргарита Симоньян"}, "simonyan", "name"),
        ({"name": "RT", "url": "https://t.me/rt_russian"}, "rt", "handle"),
    ],
)
def test_a_channel_of_a_listed_entity_is_found_with_its_evidence(
    check, channel, entity_id, matched_on
):
    record = one(check([channel]))
    assert (record["entity_id"], record["matched_on"]) == (entity_id, matched_on)
    assert record["channel_id"] == "c0"
    assert 0.7 <= record["score"] <= 1
    assert record["detector"] == "sanctions"
    assert "T0097" in " ".join(record["disarm"]) or record["entity_id"] == "simonyan"


def test_a_finding_holds_exactly_the_formats_fields_plus_evidence(check):
    record = one(check([{"platform": "x", "name": "RT", "handle": "@RT_com", "country": "RU"}]))
    assert list(record) == [
        "detector", "score", "explanation", "disarm", "channel_id", "platform", "entity_id",
        "entity_name", "matched_on", "evidence", "against",
    ]  # fmt: skip
    assert record["entity_name"] == "RT – Russia Today"  # noqa: RUF001
    assert record["platform"] == "x"
    assert record["disarm"] == ["T0097.202", "T0002"]
    assert {"signal": "handle", "value": "x:rt_com"} in record["evidence"]
    assert {"signal": "country", "value": "RU"} in record["evidence"]
    assert "x:rt_com" in record["explanation"] and "Reg. (EU) 2022/350" in record["explanation"]


@pytest.mark.parametrize(
    "channel",
    [
        {"name": "RTL Aktuell", "url": "https://www.rtl.de", "country": "DE"},
        {"name": "RTL", "country": "LU"},
        {"name": "RTÉ News", "url": "https://www.rte.ie/news/", "country": "IE"},
        {"name": "RTP Notícias", "url": "https://www.rtp.pt", "country": "PT"},
        {"name": "Rt Hon Jane Doe MP", "country": "GB"},
        {"name": "The Rt. Hon. John Smith", "country": "GB"},
        {"name": "Sputnik Photos", "url": "https://sputnikphotos.com"},
        {"name": "Sputnik Photos"},
        {"name": "DW на русском", "url": "https://www.dw.com/ru/"},
        {"name": "Ria Money Transfer", "url": "https://www.riamoneytransfer.com"},
        {"name": "Ria Money Transfer"},
        {"name": "Lenta supermarket", "country": "RU"},
        {"name": "Лента супермаркет"},
        {"name": "Zvezda"},
        {"name": "Известия"},
        {"name": "NTV", "url": "https://www.ntv.com.tr", "country": "TR"},
        {"name": "n-tv", "url": "https://www.n-tv.de", "country": "DE"},
        {"name": "RT"},
    ],
)
def test_a_hard_negative_is_not_flagged(check, channel):
    assert check([channel]) == []


def test_a_short_name_alone_is_below_the_threshold_but_shows_with_min_score_zero(check):
    record = one(check([{"name": "RT", "country": "RU"}], min_score=0.0))
    assert record["score"] < 0.7
    assert "a short or common name needs a second signal" in record["against"]


def test_evidence_against_is_listed_in_the_explanation(check):
    found = check([{"name": "Sputnik Photos", "url": "https://sputnikphotos.com"}], min_score=0.0)
    record = one(found)
    assert "sputnikphotos.com, the official domain of another outlet" in record["explanation"]
    assert "'photos'" in record["explanation"]


def test_a_common_word_with_a_second_signal_is_found(check):
    record = one(check([{"name": "Sputnik", "links": ["https://sputnikglobe.com/x"]}]))
    assert record["entity_id"] == "sputnik"
    assert [e["signal"] for e in record["evidence"]] == ["domain", "weak-name-whole"]


FIXTURES = Path(__file__).parents[1] / "fixtures" / "sanctions"
SHIPPED = Path(__file__).parents[2] / "src" / "cdnet" / "data" / "sanctions" / "register.csv"


def _labelled(name: str) -> list[dict[str, Any]]:
    import csv
    import json

    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        cell = row["links"].strip()
        row["links"] = json.loads(cell) if cell.startswith("[") else cell.split()
    return rows


def _run_shipped(check_rows: list[dict[str, Any]], tmp_path: Path) -> list[dict[str, Any]]:
    data = {
        col: pa.array(
            [r.get(col) or None for r in check_rows],
            pa.list_(pa.string()) if col == "links" else pa.string(),
        )
        for col in COLUMNS
    }
    path = tmp_path / "channels.parquet"
    pq.write_table(pa.table(data), path)
    config = DETECTOR.make_config(
        {
            "list": Path(__file__).parents[2]
            / "src"
            / "cdnet"
            / "data"
            / "sanctions"
            / "register.csv"
        }
    )
    with Tables({"channels": [path]}) as tables:
        return list(DETECTOR.findings(tables, config))


def test_no_hard_negative_of_the_fixture_set_is_flagged_with_the_shipped_register(tmp_path):
    rows = _labelled("hard_negatives.csv")
    found = _run_shipped(rows, tmp_path)
    assert [(f["channel_id"], f["entity_id"]) for f in found] == []


def test_most_fixture_positives_are_found_with_their_entity(tmp_path):
    rows = _labelled("positives.csv")
    expected = {r["channel_id"]: r["expected_entity_id"] for r in rows}
    found = _run_shipped(rows, tmp_path)
    right = {f["channel_id"] for f in found if expected[f["channel_id"]] == f["entity_id"]}
    assert len(right) >= 0.85 * len(rows), sorted(set(expected) - right)
    assert all(0.7 <= f["score"] <= 1 for f in found)


def test_a_service_on_its_parents_domain_is_reported_as_the_service_only(tmp_path):
    rows = [
        {
            "channel_id": "tg-rtarabic",
            "platform": "telegram",
            "name": "RT Arabic",
            "url": "https://arabic.rt.com/",
            "links": [],
        }
    ]
    found = _run_shipped(rows, tmp_path)
    assert [(f["channel_id"], f["entity_id"]) for f in found] == [
        ("tg-rtarabic", "eu-833-rt-arabic")
    ]
