"""The coordination benchmark runs cdnet's side on 2,000 posts and scores it against the truth.

The peers (QUT toolkit, d3lta) are not installed in the test environment; their side runs only
in ``bench/coordination/run.py`` after ``setup_peers.sh``.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pyarrow.parquet as pq

from cdnet.analysis.ingest.inputs import canonical_table

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench" / "coordination"


def _load(name: str) -> ModuleType:
    """A module of the bench folder under a unique name (bench/ingest has a generate.py too)."""
    spec = importlib.util.spec_from_file_location(f"coordination_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_cdnet_finds_the_planted_campaigns_and_no_decoy_in_the_bench(tmp_path):
    work, results = tmp_path / "work", tmp_path / "results"
    command = [sys.executable, str(BENCH / "run.py"), "--rows", "2000", "--no-peers"]
    command += ["--work", str(work), "--results", str(results)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr

    report = json.loads((results / "coordination.json").read_text(encoding="utf-8"))
    assert report["rows"] == 2000 and report["window"] == 60
    assert report["planted"]["colink_pairs"] >= 12  # two campaigns of 4 to 8 accounts
    assert report["planted"]["decoy_accounts"] > 700
    (colink,) = report["co_link"]
    assert colink["tool"] == "cdnet" and colink["seconds"] > 0 and colink["peak_rss_mib"] > 0
    assert colink["planted"] == report["planted"]["colink_pairs"]
    assert colink["recall"] >= 0.9 and colink["precision"] >= 0.9
    assert colink["decoy_pairs"] == 0
    (text,) = report["near_duplicate"]
    assert text["accounts"]["recall"] >= 0.9 and text["accounts"]["precision"] >= 0.9
    assert text["accounts"]["decoy_pairs"] == 0
    # Post pairs: no generic reply or repeated spam is paired; some heavy variants are missed.
    assert text["posts"]["precision"] == 1.0 and text["posts"]["decoy_pairs"] == 0
    assert 0.4 <= text["posts"]["recall"] <= 1.0

    findings = (work / "data-2000-11" / "cdnet-co-link.jsonl").read_text(encoding="utf-8")
    truth = json.loads((work / "data-2000-11" / "truth.json").read_text(encoding="utf-8"))
    planted = {tuple(group["accounts"]) for group in truth["colink"]}
    reported = {tuple(json.loads(line)["account_ids"]) for line in findings.splitlines()}
    assert reported == planted
    markdown = (results / "coordination.md").read_text(encoding="utf-8")
    assert "## Co-link (account pairs)" in markdown and "| cdnet | " in markdown


def test_the_generator_is_deterministic_and_writes_each_tools_input(tmp_path):
    generate = _load("generate")
    first = generate.write(tmp_path / "a", 3000, 5)
    second = generate.write(tmp_path / "b", 3000, 5)
    assert first == second
    a, b = (
        pq.read_table(tmp_path / "a" / "posts.parquet"),
        pq.read_table(tmp_path / "b" / "posts.parquet"),
    )
    assert a.equals(b) and a.num_rows == first["posts"] == 3000
    # canonical: cdnet detect reads it in place instead of ingesting it again
    assert canonical_table(tmp_path / "a" / "posts.parquet").name == "posts"

    viral = first["decoys"]["viral"]
    assert sorted(len(sharers) for sharers in viral.values()) == [400, 700]
    campaigners = {
        acc for group in first["colink"] + first["near_duplicate"] for acc in group["accounts"]
    }
    decoys = {acc for sharers in viral.values() for acc in sharers} | {first["decoys"]["repeater"]}
    assert not campaigners & decoys
    assert len(first["decoys"]["repeater_posts"]) == 150 and first["decoys"]["generic_reply_posts"]

    with (tmp_path / "a" / "qut.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [
        "message_id",
        "user_id",
        "username",
        "repost_id",
        "reply_id",
        "message",
        "timestamp",
        "urls",
    ]
    by_id = {row[0]: row for row in rows[1:]}
    shared = first["colink"][0]
    row = by_id[shared["post_ids"][0]]
    assert row[7] in shared["urls"] and float(row[6]) > 1.7e9
    with (tmp_path / "a" / "d3lta.csv").open(encoding="utf-8", newline="") as handle:
        d3lta = list(csv.DictReader(handle))
    assert list(d3lta[0]) == ["post_id", "account_id", "language", "original"]
    reshares = sum(1 for value in a.column("reshare_of").to_pylist() if value)
    assert len(d3lta) == 3000 - reshares > 0


def test_scores_count_pairs_within_reported_groups_and_flag_decoys():
    score = _load("score")
    truth = score.pairs([["a", "b", "c"]])
    assert truth == {("a", "b"), ("a", "c"), ("b", "c")}
    found = score.pairs([["a", "b"], ["c", "x"]])
    result = score.metrics(found, truth, decoys={"x"})
    assert result == {
        "reported": 2,
        "true": 1,
        "planted": 3,
        "precision": 0.5,
        "recall": 0.3333,
        "decoy_pairs": 1,
    }
    merged = score.components([("a", "b"), ("b", "c"), ("x", "y")])
    assert sorted(sorted(group) for group in merged) == [["a", "b", "c"], ["x", "y"]]
    assert score.metrics(set(), truth, set())["precision"] is None
