"""The ingest benchmark runs end to end on a few thousand rows and writes comparable results."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "bench" / "ingest" / "run.py"


def test_the_ingest_bench_writes_results_where_cdnet_and_duckdb_agree(tmp_path):
    work, results = tmp_path / "work", tmp_path / "results"
    command = [sys.executable, str(RUN), "--rows", "2000", "--work", str(work)]
    command += ["--results", str(results)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr

    report = json.loads((results / "ingest.json").read_text(encoding="utf-8"))
    assert report["rows_generated"] == 2000
    assert set(report["inputs"]) == {"x-api-v2 jsonl", "posts csv"}
    for entry in report["inputs"].values():
        contenders = [run["contender"] for run in entry["runs"]]
        assert contenders == ["cdnet", "duckdb"]
        for run in entry["runs"]:
            expected = {"rows", "seconds", "wall_seconds", "rows_per_second", "peak_rss_mib"}
            assert expected <= set(run)
            assert run["rows_per_second"] > 0 and run["peak_rss_mib"] > 0
        assert entry["ratio_cdnet_to_duckdb"] > 0
        assert entry["agreement"] == {
            "ids_on_one_side_only": 0,
            "reshare_of_differs": 0,
            "links_differ": 0,
            "created_at_differs": 0,
        }
    markdown = (results / "ingest.md").read_text(encoding="utf-8")
    assert "| x-api-v2 jsonl | cdnet |" in markdown and "| posts csv | duckdb |" in markdown

    for stem in ("tweets", "posts"):
        cdnet = pq.read_table(work / f"out-cdnet-{stem}" / "posts.parquet")
        duck = pq.read_table(work / f"out-duckdb-{stem}" / "posts.parquet")
        assert cdnet.num_rows == duck.num_rows
        assert cdnet.num_rows >= 2000
        assert sorted(cdnet.column("post_id").to_pylist()) == sorted(
            duck.column("post_id").to_pylist()
        )
    assert pq.read_table(work / "out-cdnet-posts" / "posts.parquet").num_rows == 2000
    tweets = pq.read_table(work / "out-cdnet-tweets" / "posts.parquet")
    included = tweets.column("included").to_pylist()
    assert included.count("true") == tweets.num_rows - 2000 > 0


def test_the_generator_is_deterministic_and_plants_coordinated_posts(tmp_path):
    sys.path.insert(0, str(RUN.parent))
    try:
        import generate
    finally:
        sys.path.remove(str(RUN.parent))
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    planted = generate.write_posts_csv(first, 3000, seed=3)
    generate.write_posts_csv(second, 3000, seed=3)
    assert first.read_bytes() == second.read_bytes()
    assert sum(planted.events.values()) > 0
    assert set(planted.events) <= {"co-link", "co-reshare", "near-duplicate"}
    table = pacsv.read_csv(first).to_pylist()
    assert [row["post_id"] for row in table][:1] and len(table) == 3000
    accounts_by_link: dict[str, set[str]] = {}
    for row in table:
        for link in json.loads(row["links"]):
            accounts_by_link.setdefault(link, set()).add(row["account_id"])
    assert max(len(accounts) for accounts in accounts_by_link.values()) >= 5
