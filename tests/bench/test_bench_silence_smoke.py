"""The election-silence bench runs end to end on 20 held-out posts and scores them consistently."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "bench" / "silence" / "run.py"
HELDOUT = ROOT / "bench" / "silence" / "heldout.csv"


def test_the_silence_bench_scores_twenty_posts_and_lists_its_errors(tmp_path):
    results = tmp_path / "silence.md"
    command = [sys.executable, str(RUN), "--rows", "20", "--results", str(results)]
    command.append("--final-errors")
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr

    report = json.loads(results.with_suffix(".json").read_text(encoding="utf-8"))
    with HELDOUT.open(encoding="utf-8", newline="") as handle:
        labels = {row["post_id"]: row["label"] for row in csv.DictReader(handle)}
    scored = report["errors"]
    assert all(e["post_id"] in labels for e in scored)
    overall = report["overall"]
    assert 0 < overall["n"] <= 20
    assert sum(result["n"] for result in report["split"].values()) == overall["n"]
    for name in ("campaigning", "poll-publication"):
        counts = overall[name]
        misses = [e for e in scored if e["class"] == name and e["kind"] == "miss"]
        alarms = [e for e in scored if e["class"] == name and e["kind"] == "false alarm"]
        assert counts["fn"] == len(misses) and counts["fp"] == len(alarms)
        assert all(name in labels[e["post_id"]].split("|") for e in misses)
        assert all(name not in labels[e["post_id"]].split("|") for e in alarms)
        assert 0.0 <= counts["precision"] <= 1.0 and 0.0 <= counts["recall"] <= 1.0

    markdown = results.read_text(encoding="utf-8")
    assert "| all (dev + final) | " in markdown and "### Per language" in markdown
    assert "### Per election" in markdown and "### Misses and false alarms" in markdown
