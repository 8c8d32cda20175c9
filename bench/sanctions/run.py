"""Precision and recall of the `sanctions` detector against a plain token matcher.

    .venv/bin/python bench/sanctions/run.py [bench/sanctions/labelled.csv] [--register FILE]

``labelled.csv`` holds channel columns (channel_id, platform, name, handle, description, url,
links, country) and the expected entity in ``entity_id`` (or ``expected_entity_id``; empty for a
channel that matches nothing, e.g. the hard negatives RTL, RTÉ, "Rt Hon ..."). A finding counts
as a true positive when its entity is the expected one. Results go to bench/results/sanctions.md.

The plain token matcher flags a channel when any word of a listed name or alias equals any word
of the channel name (case-folded) -- what a naive screening script does.

When the peers' virtualenv exists (``bash bench/sanctions/setup_peers.sh``), nomenklatura's
logic-v2 and logic-v1 algorithms are scored too (``peers.py``, each as its own subprocess under
``.peers/bin/python``, measured with ``os.wait4``: wall time and peak RSS); ``--no-peers`` skips
them. "seconds" is the matching time inside each tool (register and channels already loaded).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from cdnet.analysis.detectors.sanctions import Config, build_matcher
from cdnet.analysis.detectors.sanctions_match import Channel
from cdnet.analysis.reference.sanctions import Entity, Register, load_register

HERE = Path(__file__).parent
PEERS = HERE / ".peers" / "bin" / "python"
# OpenSanctions' matching API (yente) flags a /match result at score >= 0.70 by default
# (its SCORE_THRESHOLD); nomenklatura's logic-v1 says it is superseded by logic-v2.
PEER_ALGORITHMS = ("logic-v2", "logic-v1")
PEER_THRESHOLD = 0.7
RESULTS = HERE.parent / "results" / "sanctions.md"
_WORD = re.compile(r"[^\W_]+")
Predict = Callable[[Channel], set[str]]


def read_labelled(path: Path) -> list[tuple[Channel, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out: list[tuple[Channel, str]] = []
    for row in rows:
        cell = (row.get("links") or "").strip()
        links = tuple(json.loads(cell) if cell.startswith("[") else cell.split())
        channel = Channel(
            channel_id=row.get("channel_id") or str(len(out)),
            platform=row.get("platform") or "",
            name=row.get("name") or "",
            handle=row.get("handle") or "",
            description=row.get("description") or "",
            url=row.get("url") or "",
            links=links,
            country=row.get("country") or "",
        )
        expected = row.get("entity_id") or row.get("expected_entity_id") or ""
        out.append((channel, expected.strip()))
    return out


def token_matcher(entities: Iterable[Entity]) -> Predict:
    index: dict[str, set[str]] = {}
    for e in entities:
        for name in (e.name, *e.aliases):
            for word in _WORD.findall(name.casefold()):
                index.setdefault(word, set()).add(e.entity_id)

    def predict(channel: Channel) -> set[str]:
        found: set[str] = set()
        for word in _WORD.findall(channel.name.casefold()):
            found |= index.get(word, set())
        return found

    return predict


def cdnet_matcher(register: Path | None) -> Predict:
    config = Config(list=register)
    matcher = build_matcher(config)

    def predict(channel: Channel) -> set[str]:
        return {v.entity.entity_id for v in matcher.match(channel) if v.score >= config.min_score}

    return predict


def measure(command: list[str]) -> tuple[dict[str, Any], float, int]:
    """Run ``command``; return its JSON report (last stdout line), wall seconds, peak RSS MiB."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - began
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stdout[-2000:]}\n{stderr[-4000:]}")
    report: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    return report, wall, usage.ru_maxrss // 1024  # Linux: kilobytes


def nomenklatura_rows(
    data: list[tuple[Channel, str]], register: Register, labelled: Path
) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    """Score each nomenklatura algorithm (``peers.py``); also return the peers' versions."""
    rows: dict[str, dict[str, float]] = {}
    versions: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        register_csv = Path(folder) / "register.csv"
        register_csv.write_text(register.to_csv(), encoding="utf-8")
        for algorithm in PEER_ALGORITHMS:
            command = [str(PEERS), str(HERE / "peers.py"), str(register_csv), str(labelled)]
            options = ["--algorithm", algorithm, "--threshold", str(PEER_THRESHOLD)]
            report, wall, rss = measure([*command, *options])
            matches = report["matches"]

            def predict(channel: Channel, matches: dict[str, Any] = matches) -> set[str]:
                hit = matches[channel.channel_id]["entity_id"]
                return {hit} if hit else set()

            name = f"nomenklatura {algorithm} (score >= {PEER_THRESHOLD})"
            rows[name] = {**score(data, predict), "seconds": report["seconds"]}
            rows[name].update(process_seconds=wall, peak_rss_mib=rss)
            versions = report["versions"]
    return rows, versions


def timed(data: list[tuple[Channel, str]], build: Callable[[], Predict]) -> dict[str, float]:
    """Score the matcher ``build`` makes; "seconds" covers building it and matching every row."""
    began = time.perf_counter()
    predict = build()
    results = [predict(channel) for channel, _ in data]
    seconds = time.perf_counter() - began
    found = dict(zip((c.channel_id for c, _ in data), results, strict=True))
    return {**score(data, lambda channel: found[channel.channel_id]), "seconds": seconds}


def score(data: list[tuple[Channel, str]], predict: Predict) -> dict[str, float]:
    tp = fp = fn = 0
    for channel, expected in data:
        found = predict(channel)
        tp += int(bool(expected) and expected in found)
        fp += len(found - {expected})
        fn += int(bool(expected) and expected not in found)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labelled", nargs="?", type=Path, default=HERE / "labelled.csv")
    parser.add_argument("--register", type=Path, default=None)
    parser.add_argument("--no-peers", action="store_true", help="skip nomenklatura")
    args = parser.parse_args(argv)
    data = read_labelled(args.labelled)
    register = load_register(args.register)
    rows = {
        "cdnet sanctions": timed(data, lambda: cdnet_matcher(args.register)),
        "plain token matcher": timed(data, lambda: token_matcher(register.entities)),
    }
    versions: dict[str, str] = {}
    if not args.no_peers and PEERS.exists():
        peer_rows, versions = nomenklatura_rows(data, register, args.labelled)
        rows.update(peer_rows)
    lines = report(data, args, rows, versions)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def report(
    data: list[tuple[Channel, str]],
    args: argparse.Namespace,
    rows: dict[str, dict[str, float]],
    versions: dict[str, str],
) -> list[str]:
    """The Markdown of bench/results/sanctions.md."""
    peers = ", ".join(f"{k} {v}" for k, v in versions.items()) or "not run (no .peers venv)"
    lines = [
        "# sanctions benchmark",
        "",
        f"{len(data)} labelled channels ({sum(1 for _, e in data if e)} positive) from "
        f"{args.labelled.name}; register: {args.register or 'the one in force'}. "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; peers: {peers}.",
        "",
        '"seconds": matching time inside the tool (building the matcher and matching every '
        'channel; for nomenklatura, comparing every channel with every entity). "process": wall '
        "time of the peers' subprocess (interpreter start-up and imports included) and its peak "
        "RSS; cdnet and the token matcher run inside this script.",
        "",
        "| matcher | TP | FP | FN | precision | recall | seconds | process s | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in rows.items():
        process = f"{r['process_seconds']:.2f}" if "process_seconds" in r else "-"
        rss = f"{r['peak_rss_mib']:,.0f}" if "peak_rss_mib" in r else "-"
        lines.append(
            f"| {name} | {r['tp']:.0f} | {r['fp']:.0f} | {r['fn']:.0f} | "
            f"{r['precision']:.3f} | {r['recall']:.3f} | {r['seconds']:.3f} | {process} | {rss} |"
        )
    return lines


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
