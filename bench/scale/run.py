"""The 10-million-post run: generate, `cdnet ingest`, `cdnet detect`; time and memory.

    .venv/bin/python bench/scale/run.py --rows 10000000 [--work DIR] [--engine spark]

Each step runs as its own process (the `cdnet` command itself for ingest, coordination and
lookalike-domains), timed on the wall clock with its peak resident memory read from the kernel
(``wait4``). The posts come
from ``bench/ingest/generate.py`` with planted coordinated events: 20 networks of 12 accounts
that share a link, reshare a post or post the same text within seconds. The findings are then
checked against those networks: how many of the 20 each kind recovers, and how many findings
hold accounts of no planted network (decoys reported as coordination).

Results go to ``bench/results/scale-<rows>.json`` and ``.md`` and are printed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE.parent / "results"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


ingest_bench = _load("cdnet_bench_ingest_run", HERE.parent / "ingest" / "run.py")
generate = _load("cdnet_bench_generate", HERE.parent / "ingest" / "generate.py")


def step(name: str, command: list[str]) -> dict[str, Any]:
    print(f"{name}: {' '.join(command)}", flush=True)
    _, wall, rss = ingest_bench.measure(command)
    print(f"  {wall:,.1f} s, peak {rss:,} MiB", flush=True)
    return {"step": name, "seconds": round(wall, 1), "peak_rss_mib": rss}


def networks(rows: int, seed: int) -> dict[str, int]:
    """account id -> planted network (as the generator draws them)."""
    stream = generate._Stream(rows, seed, True)
    return {
        generate.account_id(account): index
        for index, members in enumerate(stream.networks)
        for account in members
    }


def evaluate(findings: Path, planted: dict[str, int]) -> dict[str, Any]:
    """Per kind: findings, findings inside one planted network, networks recovered, decoys."""
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    recovered: dict[str, set[int]] = defaultdict(set)
    with findings.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            kind, accounts = record["kind"], record["account_ids"]
            found = {planted.get(a) for a in accounts}
            tally = by_kind[kind]
            tally["findings"] += 1
            tally["posts"] += len(record["post_ids"])
            if None in found:
                tally["with_unplanted_accounts"] += 1
            if found - {None}:
                recovered[kind] |= found - {None}
            if len(found) == 1 and None not in found:
                tally["inside_one_network"] += 1
    return {
        kind: {**tally, "networks_recovered": len(recovered[kind])}
        for kind, tally in sorted(by_kind.items())
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=HERE / "data")
    parser.add_argument("--engine", default="duckdb", choices=("duckdb", "spark"))
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument(
        "--no-lookalike", dest="lookalike", action="store_false", help="skip lookalike-domains"
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    csv_path, tables = args.work / "posts.csv", args.work / "tables"
    found = args.work / f"coordination-{args.engine}.jsonl"
    cli = str(Path(sys.executable).with_name("cdnet"))
    steps = []
    if not csv_path.exists():
        steps.append(
            step(
                "generate",
                [
                    sys.executable,
                    str(HERE.parent / "ingest" / "run.py"),
                    "--child",
                    "generate",
                    f"{args.rows},{args.seed}",
                    str(csv_path),
                ],
            )
        )
    steps.append(step("ingest", [cli, "ingest", str(csv_path), "--out", str(tables)]))
    detect = [cli, "detect", "coordination", str(tables / "posts.parquet"), "-o", str(found)]
    steps.append(step("detect coordination", [*detect, "--engine", args.engine]))
    if args.lookalike:
        lookalike = args.work / f"lookalike-{args.engine}.jsonl"
        detect = [cli, "detect", "lookalike-domains", str(tables / "posts.parquet")]
        detect += ["-o", str(lookalike), "--engine", args.engine]
        steps.append(step("detect lookalike-domains", detect))
    quality = evaluate(found, networks(args.rows, args.seed))
    results = {
        "rows": args.rows,
        "engine": args.engine,
        "csv_bytes": csv_path.stat().st_size,
        "steps": steps,
        "quality": quality,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    args.results.mkdir(parents=True, exist_ok=True)
    stem = args.results / f"scale-{args.rows}-{args.engine}"
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    stem.with_suffix(".md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


def markdown(results: dict[str, Any]) -> str:
    rows = results["rows"]
    lines = [
        f"# {rows:,} posts: ingest and coordination ({results['engine']})",
        "",
        f"{results['when']}; {results['machine']['cpus']} cores; "
        f"CSV of {results['csv_bytes'] / 2**30:.2f} GiB.",
        "",
        "| step | wall time | peak memory |",
        "|---|---|---|",
    ]
    for entry in results["steps"]:
        minutes = entry["seconds"] / 60
        lines.append(
            f"| {entry['step']} | {entry['seconds']:,.0f} s ({minutes:.1f} min) "
            f"| {entry['peak_rss_mib']:,} MiB |"
        )
    lines += [
        "",
        "| kind | findings | inside one planted network | with unplanted accounts | "
        "planted networks recovered (of 20) | posts |",
        "|---|---|---|---|---|---|",
    ]
    for kind, tally in results["quality"].items():
        lines.append(
            f"| {kind} | {tally.get('findings', 0):,} | {tally.get('inside_one_network', 0):,} "
            f"| {tally.get('with_unplanted_accounts', 0):,} | {tally['networks_recovered']} "
            f"| {tally.get('posts', 0):,} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
