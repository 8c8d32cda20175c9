"""coordination, co-link and co-reshare: who is flagged, who never is, and what a finding holds."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cdnet.analysis.detectors import Tables, get
from cdnet.analysis.detectors.coordination import cluster_id, text_finding
from cdnet.analysis.detectors.coordination_network import clean_array, clean_url
from cdnet.analysis.reference import disarm
from cdnet.cli import app
from cdnet.errors import BadInput

DETECTOR = get("coordination")
T0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
SCHEMA = pa.schema(
    [
        ("post_id", pa.string()),
        ("account_id", pa.string()),
        ("created_at", pa.timestamp("us", tz="UTC")),
        ("links", pa.list_(pa.string())),
        ("reshare_of", pa.string()),
    ]
)
BOTS = ["bot0", "bot1", "bot2", "bot3"]
VARIANTS = [
    "https://www.news-site.example/{s}?utm_source=tw&utm_medium=social",
    "https://news-site.example/{s}/",
    "HTTPS://News-Site.example/{s}#comments",
    "http://www.news-site.example/{s}?fbclid=IwAR0abc",
]


class Posts:
    """A little posts table: ``add(post_id, account, seconds after T0, links, reshare_of)``."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, post_id: str, account: str, seconds: float, links=(), reshare_of=None) -> Posts:
        at = T0 + timedelta(seconds=seconds)
        self.rows.append(
            {
                "post_id": post_id,
                "account_id": account,
                "created_at": at,
                "links": list(links),
                "reshare_of": reshare_of,
            }
        )
        return self

    def write(self, path: Path) -> Path:
        pq.write_table(pa.Table.from_pylist(self.rows, schema=SCHEMA), path)
        return path


def detect(path: Path, engine: Any = None, **options: Any) -> list[dict[str, Any]]:
    options.setdefault("kind", ["co-link", "co-reshare"])
    config = DETECTOR.make_config(options)
    with Tables({"posts": [path]}, engine) as tables:
        return list(DETECTOR.findings(tables, config))


def campaign_and_decoys() -> Posts:
    """Four bots share three stories within seconds, amid accounts that must not be flagged."""
    posts = Posts()
    for k, story in enumerate(["story-1", "story-2", "story-3"]):
        for i, bot in enumerate(BOTS):
            posts.add(f"c{k}{i}", bot, k * 3600 + i * 4, [VARIANTS[i].format(s=story)])
    # bot0 shares story-1 again three days later: not a coordinated post
    posts.add("late", "bot0", 3 * 86400, ["https://news-site.example/story-1"])
    # three accounts reshare the same two originals within seconds (their links do not count)
    for i in range(3):
        posts.add(f"r0{i}", f"rs{i}", 100 + i, ["https://x.example/orig1"], "orig1")
        posts.add(f"r1{i}", f"rs{i}", 5000 + 2 * i, ["https://x.example/orig2"], "orig2")
    rng = random.Random(6)
    for i in range(600):  # a viral link, shared by 600 unrelated accounts over three days
        posts.add(f"u{i}", f"user{i}", rng.uniform(0, 3 * 86400), ["https://viral.example/1"])
    for i in range(600):  # two viral links shared within a minute by 600 accounts: capped
        posts.add(f"f{i}a", f"fan{i}", 7200 + i * 0.09, ["https://viral.example/2"])
        posts.add(f"f{i}b", f"fan{i}", 9000 + i * 0.09, ["https://viral.example/3"])
    for i in range(5):  # one account repeating itself
        posts.add(f"s{i}a", "solo", i, ["https://repeat.example/a"])
        posts.add(f"s{i}b", "solo", 600 + i, ["https://repeat.example/b"])
    # two accounts co-share once; their second common link is two hours apart
    posts.add("o1", "once1", 0, ["https://once.example/a"])
    posts.add("o2", "once2", 10, ["https://once.example/a"])
    posts.add("o3", "once1", 0, ["https://once.example/b"])
    posts.add("o4", "once2", 7200, ["https://once.example/b"])
    return posts


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return campaign_and_decoys().write(tmp_path_factory.mktemp("coordination") / "posts.parquet")


@pytest.fixture(scope="module")
def found(dataset: Path, engine: Any) -> list[dict[str, Any]]:
    return detect(dataset, engine)


def by_kind(records: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [r for r in records if r["kind"] == kind]


def test_a_planted_campaign_is_one_co_link_network_with_its_accounts_posts_and_link(found):
    (record,) = by_kind(found, "co-link")
    assert record["account_ids"] == BOTS
    assert record["post_ids"] == [f"c{k}{i}" for k in range(3) for i in range(4)]
    assert record["object"] == "https://news-site.example/story-1"
    assert (record["first_seen"], record["last_seen"]) == (
        "2024-05-01T10:00:00Z",
        "2024-05-01T12:00:12Z",
    )
    assert record["explanation"] == (
        "4 accounts shared the same 3 links within 60 seconds of each other, 12 times in all, "
        "between 2024-05-01 10:00:00 and 12:00:12 UTC (links shared by more than 500 accounts "
        "are not counted)."
    )
    assert record["disarm"] == ["T0049", "T0049.005"]
    assert 0.7 < record["score"] < 0.8


def test_viral_links_a_self_repeating_account_and_a_single_co_share_are_not_reported(found):
    flagged = {a for r in found for a in r["account_ids"]}
    assert flagged == {*BOTS, "rs0", "rs1", "rs2"}


def test_accounts_resharing_the_same_originals_form_a_co_reshare_network(found):
    (record,) = by_kind(found, "co-reshare")
    assert record["account_ids"] == ["rs0", "rs1", "rs2"]
    assert record["post_ids"] == ["r00", "r01", "r02", "r10", "r11", "r12"]
    assert record["object"] == "orig1"
    assert record["last_seen"] == "2024-05-01T11:23:24Z"
    assert record["explanation"].startswith(
        "3 accounts reshared the same 2 posts within 60 seconds of each other, 6 times in all"
    )
    assert record["disarm"] == ["T0049", "T0049.003"]


FIELDS = [
    "detector",
    "score",
    "explanation",
    "disarm",
    "cluster_id",
    "kind",
    "account_ids",
    "post_ids",
    "object",
    "first_seen",
    "last_seen",
]


def test_a_finding_has_exactly_the_contract_fields_and_known_disarm_ids(found):
    assert [list(r) for r in found] == [FIELDS, FIELDS]
    frameworks = disarm.load()
    assert all(frameworks.is_valid_technique(t) for r in found for t in r["disarm"])


def test_viral_links_form_a_network_once_the_cap_is_raised(dataset):
    records = detect(dataset, kind=["co-link"], max_object_accounts=1000)
    fans = [r for r in records if "fan0" in r["account_ids"]]
    assert len(fans) == 1
    assert len(fans[0]["account_ids"]) == 600
    assert len(fans[0]["post_ids"]) == 1200


def test_cluster_ids_are_a_hash_of_the_accounts_and_the_same_on_every_run(dataset, found):
    again = detect(dataset)
    assert [r["cluster_id"] for r in again] == [r["cluster_id"] for r in found]
    colink = by_kind(found, "co-link")[0]
    assert colink["cluster_id"] == cluster_id("co-link", BOTS)
    assert re.fullmatch(r"colink-[0-9a-f]{12}", colink["cluster_id"])
    assert re.fullmatch(r"coreshare-[0-9a-f]{12}", by_kind(found, "co-reshare")[0]["cluster_id"])


def pairs_apart(seconds: float) -> Posts:
    posts = Posts()
    for n, link in enumerate(["https://a.example/1", "https://a.example/2"]):
        posts.add(f"x{n}", "xavier", n * 3600, [link])
        posts.add(f"y{n}", "yvonne", n * 3600 + seconds, [link])
    return posts


@pytest.mark.parametrize(("apart", "window", "flagged"), [(61, 60, False), (60, 60, True)])
def test_the_window_includes_its_boundary_and_nothing_beyond(tmp_path, apart, window, flagged):
    path = pairs_apart(apart).write(tmp_path / "posts.parquet")
    records = detect(path, window=window)
    assert [r["post_ids"] for r in records] == ([["x0", "x1", "y0", "y1"]] if flagged else [])


def test_a_wider_window_catches_shares_further_apart(tmp_path):
    path = pairs_apart(61).write(tmp_path / "posts.parquet")
    assert [r["account_ids"] for r in detect(path, window=61)] == [["xavier", "yvonne"]]


def test_min_repetition_and_min_accounts_leave_out_smaller_networks(dataset):
    assert by_kind(detect(dataset, min_repetition=3), "co-link") != []
    assert by_kind(detect(dataset, min_repetition=4), "co-link") == []
    assert [r["kind"] for r in detect(dataset, min_accounts=4)] == ["co-link"]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (
            "HTTPS://WWW.Example.COM/Path/?utm_source=x&id=7&fbclid=1#top",
            "https://example.com/Path?id=7",
        ),
        ("http://example.com/", "https://example.com"),
        ("www.example.com/a?si=abc&gclid=2&igshid=3", "https://example.com/a"),
        ("https://example.com:443/a?b=1&utm_campaign=z&c=2", "https://example.com/a?b=1&c=2"),
        ("https://user@example.com:8080/a", "https://example.com:8080/a"),
        ("mailto:press@example.com", "mailto:press@example.com"),
        ("  ", None),
    ],
)
def test_links_are_compared_without_tracking_parameters_www_fragment_or_slash(raw, clean):
    assert clean_url(raw) == clean


def test_links_already_clean_skip_python_and_come_out_the_same():
    links = [
        "https://example.com/a/b",
        "https://example.com/a/",
        "https://www.example.com/a",
        "https://Example.com/a",
        "https://example.com",
        "https://example.com/a?x=1",
        "https://example.com/a#b",
        "https://example.com:8443/a",
        "http://example.com/a",
        None,
        "example.com/a b",
    ]
    assert clean_array(pa.array(links)).to_pylist() == [clean_url(v) for v in links]


def test_kind_takes_a_comma_separated_list_and_refuses_unknown_kinds():
    config = DETECTOR.make_config({"kind": ["co-reshare", "co-link", "co-link"]})
    assert config.kind == ["co-link", "co-reshare"]
    with pytest.raises(BadInput) as caught:
        DETECTOR.make_config({"kind": ["co-hashtag"]})
    assert caught.value.field == "--kind"


@dataclass(frozen=True)
class Cluster:  # what coordination_text yields
    account_ids: list[str]
    post_ids: list[str]
    text: str
    first_seen: datetime
    last_seen: datetime
    similarity: float


def test_a_near_duplicate_text_cluster_becomes_a_finding_with_its_text_as_object():
    cluster = Cluster(
        ["b", "a", "c"], ["p3", "p1", "p2"], "x" * 300, T0, T0 + timedelta(hours=2), 0.9
    )
    record = text_finding(cluster, DETECTOR.make_config({})).to_record()  # type: ignore[arg-type]
    assert (record["kind"], record["account_ids"], record["post_ids"]) == (
        "near-duplicate",
        ["a", "b", "c"],
        ["p1", "p2", "p3"],
    )
    assert record["object"] == "x" * 200
    assert re.fullmatch(r"text-[0-9a-f]{12}", record["cluster_id"])
    assert record["explanation"] == (
        "3 accounts posted near-identical text (at least 90% similar), 3 times in all, "
        "between 2024-05-01 10:00:00 and 12:00:00 UTC."
    )
    assert record["disarm"] == ["T0049", "T0084.001"]
    later = Cluster(["a", "b", "c"], ["p7", "p8"], "x" * 300, T0 + timedelta(days=1), T0, 1.0)
    bursts = DETECTOR.make_config({"text_window": "600"})
    again = text_finding(later, bursts).to_record()  # type: ignore[arg-type]
    assert again["cluster_id"] != record["cluster_id"]  # the same text and accounts, a new burst
    assert again["explanation"].startswith(
        "3 accounts posted the same text, each post within 600 seconds of the one before, 2 times"
    )


def test_every_kind_runs_by_default_and_copied_text_is_a_near_duplicate_finding(tmp_path):
    text = "The election was stolen by the globalists and everybody knows it now"
    path = tmp_path / "posts.csv"
    path.write_text(
        "post_id,account_id,created_at,text,links\n"
        f"t1,dora,2024-05-01T10:00:00Z,{text},https://example.org/a\n"
        f"t2,emil,2024-05-01T10:00:30Z,{text}!!,https://example.org/a\n"
        f"t3,fay,2024-05-02T08:00:00Z,{text.upper()},\n"
        "t4,dora,2024-05-01T11:00:00Z,hello,https://example.org/b\n"
        "t5,emil,2024-05-01T11:00:50Z,hi,https://example.org/b\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["detect", "coordination", str(path)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["kind"], r["account_ids"], r["post_ids"]) for r in records] == [
        ("near-duplicate", ["dora", "emil", "fay"], ["t1", "t2", "t3"]),
        ("co-link", ["dora", "emil"], ["t1", "t2", "t4", "t5"]),
    ]
    assert records[0]["object"] == text


CSV = (
    "post_id,account_id,created_at,links\n"
    "p1,alice,2024-05-01T10:00:00Z,https://www.example.org/a?utm_source=x\n"
    "p2,bob,2024-05-01T10:00:20Z,https://example.org/a/\n"
    "p3,alice,2024-05-01T11:00:00Z,https://example.org/b\n"
    "p4,bob,2024-05-01T11:00:25Z,https://example.org/b#x\n"
    "p5,carol,2024-05-01T10:00:55Z,https://example.org/a\n"
    "p6,carol,2024-05-01T11:00:58Z,https://example.org/b\n"
)


def test_detect_on_the_command_line_prints_co_link_findings_as_json_lines(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(CSV, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["detect", "coordination", str(path), "--kind", "co-link", "--window", "30"]
    )
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert list(record) == FIELDS
    assert record["detector"] == "coordination"
    assert record["explanation"].startswith("2 accounts shared the same 2 links within 30 seconds")
    assert (record["kind"], record["account_ids"], record["post_ids"]) == (
        "co-link",
        ["alice", "bob"],  # carol is 33 to 35 seconds behind bob: too late for 30
        ["p1", "p2", "p3", "p4"],
    )
    assert record["object"] == "https://example.org/a"
    assert "coordination: 1 findings" in result.stderr


@pytest.mark.slow
def test_two_hundred_thousand_posts_stream_without_holding_them_in_python(tmp_path):
    import tracemalloc

    rng = random.Random(200)
    ids = [f"p{i}" for i in range(200_000)]
    accounts = [f"acct{rng.randrange(20_000)}" for _ in ids]
    times = [T0 + timedelta(seconds=rng.uniform(0, 30 * 86400)) for _ in ids]
    links = [[f"https://site{rng.randrange(2_000)}.example/{rng.randrange(50)}"] for _ in ids]
    for k in range(5):  # the planted campaign
        for i, bot in enumerate(BOTS):
            ids.append(f"c{k}{i}")
            accounts.append(bot)
            times.append(T0 + timedelta(days=k, seconds=i))
            links.append([f"https://planted.example/{k}"])
    table = pa.table({"post_id": ids, "account_id": accounts, "created_at": times, "links": links})
    path = tmp_path / "posts.parquet"
    pq.write_table(table.cast(pa.schema([SCHEMA.field(n) for n in table.column_names])), path)
    del table, ids, accounts, times, links
    tracemalloc.start()
    records = detect(path, kind=["co-link"])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    planted = [r for r in records if r["account_ids"] == BOTS]
    assert len(planted) == 1 and len(planted[0]["post_ids"]) == 20
    assert peak < 40_000_000, f"Python held {peak / 1e6:.0f} MB"
