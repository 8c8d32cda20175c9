"""The bundled demo dataset: canonical, parseable, built on shipped indicators, reproducible."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sys
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from importlib import resources
from itertools import pairwise
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "make_demo_dataset.py"
CANONICAL = (
    "post_id account_id created_at text platform account_name url links reshare_of mentions "
    "lang country"
).split()
DATA = resources.files("cdnet") / "data"

Row = dict[str, str]


@pytest.fixture(scope="module")
def posts() -> list[Row]:
    text = (DATA / "demo" / "posts.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def indicators() -> dict[str, str]:
    text = (DATA / "indicators" / "doppelganger_meta_2023.csv").read_text(encoding="utf-8")
    return {row["domain"]: row["kind"] for row in csv.DictReader(io.StringIO(text))}


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_demo_dataset", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def created(row: Row) -> datetime:
    return datetime.fromisoformat(row["created_at"])


def hosts(row: Row) -> list[str]:
    return [(urlsplit(url).hostname or "").removeprefix("www.") for url in json.loads(row["links"])]


def test_the_demo_posts_have_the_canonical_columns(posts: list[Row]) -> None:
    assert list(posts[0]) == CANONICAL
    assert all(row["post_id"] and row["account_id"] and row["created_at"] for row in posts)


def test_the_demo_has_about_fifteen_hundred_posts_in_four_languages(posts: list[Row]) -> None:
    assert 1000 <= len(posts) <= 2000
    assert {row["lang"] for row in posts} == {"de", "fr", "en", "it"}
    assert {row["platform"] for row in posts} == {"x", "facebook", "telegram"}


def test_timestamps_are_iso_8601_utc_in_2024(posts: list[Row]) -> None:
    for row in posts:
        assert row["created_at"].endswith("Z")
        at = created(row)
        assert at.utcoffset() == timedelta(0)
        assert at.year == 2024


def test_post_ids_are_unique(posts: list[Row]) -> None:
    assert len({row["post_id"] for row in posts}) == len(posts)


def test_reshares_point_to_earlier_posts_in_the_dataset(posts: list[Row]) -> None:
    by_id = {row["post_id"]: row for row in posts}
    reshares = [row for row in posts if row["reshare_of"]]
    assert len(reshares) > 50
    assert all(created(by_id[row["reshare_of"]]) < created(row) for row in reshares)


def test_list_cells_are_json_arrays_and_some_posts_mention_handles(posts: list[Row]) -> None:
    assert all(isinstance(json.loads(row["links"]), list) for row in posts)
    mentions = [json.loads(row["mentions"]) for row in posts]
    assert sum(bool(m) for m in mentions) > 50
    assert all(f"@{m[0]}" in row["text"] for row, m in zip(posts, mentions, strict=True) if m)


def test_every_suspicious_link_domain_is_a_shipped_doppelganger_indicator(
    posts: list[Row], indicators: dict[str, str], script: ModuleType
) -> None:
    real = set(script.REAL_OUTLET_DOMAINS)
    seen = {host for row in posts for host in hosts(row)}
    assert seen - real <= set(indicators)
    assert not real & set(indicators)
    used = {indicators[host] for host in seen - real}
    assert used == {"spoof", "brand", "redirect"}
    assert "spiegel.ltd" in seen


def test_about_a_fifth_of_the_posts_belong_to_the_operation(
    posts: list[Row], indicators: dict[str, str]
) -> None:
    operation = [row for row in posts if set(hosts(row)) & set(indicators)]
    assert 0.1 <= len(operation) / len(posts) <= 0.25
    assert any("[.]" in row["text"] for row in operation)


def test_operation_links_are_pushed_by_clusters_within_seconds(
    posts: list[Row], indicators: dict[str, str]
) -> None:
    times: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    for row in posts:
        for url, host in zip(json.loads(row["links"]), hosts(row), strict=True):
            if host in indicators:
                times[url].append((created(row), row["account_id"]))
    for shares in times.values():
        first, last = min(shares)[0], max(shares)[0]
        assert len({account for _, account in shares}) >= 5
        assert last - first < timedelta(minutes=3)


def test_ordinary_shares_of_the_same_article_are_minutes_apart(
    posts: list[Row], indicators: dict[str, str]
) -> None:
    times: dict[str, list[datetime]] = defaultdict(list)
    for row in posts:
        if not set(hosts(row)) & set(indicators):
            for url in json.loads(row["links"]):
                times[url].append(created(row))
    gaps = [b - a for shared in times.values() for a, b in pairwise(sorted(shared))]
    assert gaps and min(gaps) >= timedelta(minutes=5)


def test_the_demo_file_is_small() -> None:
    assert len((DATA / "demo" / "posts.csv").read_bytes()) < 1_000_000


def test_the_script_regenerates_exactly_the_committed_files(
    script: ModuleType, tmp_path: Path
) -> None:
    out = tmp_path / "demo" / "posts.csv"
    assert script.main(["--out", str(out)]) == 0
    assert out.read_bytes() == (DATA / "demo" / "posts.csv").read_bytes()
    assert (out.parent / "SOURCE.md").read_bytes() == (DATA / "demo" / "SOURCE.md").read_bytes()


def test_the_script_reads_only_project_data(script: ModuleType) -> None:
    assert Path(script.INDICATORS).is_relative_to(ROOT / "src" / "cdnet" / "data")
    assert "/shared/" not in SCRIPT.read_text(encoding="utf-8")
    assert datetime(2024, 5, 6, tzinfo=UTC) == script.START
