"""Benchmark cdnet's coordination detector against the QUT toolkit and d3lta, in one run.

On one generated data set (``generate.py``: planted co-link and near-duplicate campaigns,
organic background, decoys) each tool runs as its own subprocess, measured with ``os.wait4``
(wall time, peak RSS of the process and the children it waited for):

* co-link: ``cdnet detect coordination posts.parquet --kind co-link --window 60`` vs the QUT
  toolkit's preprocess (see ``peers.py``) + ``compute_networks DB compute co_link
  --time_window 60`` (its default ``--min_edge_weight 2``, cdnet's ``--min-repetition 2``);
* near-duplicate: ``cdnet detect coordination posts.parquet --kind near-duplicate`` (defaults:
  Jaccard >= 0.8, any time) vs QUT preprocess + ``compute co_similar_tweet --time_window 60``
  (its default threshold 0.8) vs d3lta's ``semantic_faiss`` with given languages and
  precomputed stand-in embeddings (``embed.py``; their time is reported apart).

Each tool's output is scored by ``score.py``; results go to ``bench/results/coordination.md``
and ``.json`` (or ``--results DIR``) and are printed. The peers come from ``setup_peers.sh``;
``--no-peers`` runs cdnet's side only.

    .venv/bin/python bench/coordination/run.py --rows 100000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PEERS = HERE / ".peers" / "bin"
sys.path.insert(0, str(HERE))

import score  # noqa: E402


def measure(command: list[str]) -> tuple[dict[str, Any], float, int]:
    """Run ``command``; return its JSON report (last line, if any), wall seconds, peak RSS MiB."""
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
    lines = stdout.strip().splitlines()
    report = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    return report, wall, usage.ru_maxrss // 1024  # Linux: kilobytes


def step(name: str, command: list[str]) -> dict[str, Any]:
    """One measured step, printed as it finishes."""
    report, wall, rss = measure(command)
    print(f"  {name}: {wall:.2f}s, {rss:,} MiB")
    inside = {f"inside_{key}" if key == "seconds" else key: value for key, value in report.items()}
    return {"step": name, "seconds": round(wall, 3), "peak_rss_mib": rss, **inside}


def prepare(rows: int, seed: int, work: Path, embed: bool) -> tuple[Path, dict[str, Any]]:
    """The generated data and the stand-in embeddings (reused for the same rows and seed)."""
    folder = work / f"data-{rows}-{seed}"
    steps: dict[str, Any] = {}
    if not (folder / "truth.json").exists():
        command = [sys.executable, str(HERE / "generate.py"), "--rows", str(rows)]
        steps["generate"] = step("generate", [*command, "--seed", str(seed), "--out", str(folder)])
    if embed and not (folder / "embeddings.npy").exists():
        command = [str(HERE / "embed.py"), str(folder / "d3lta.csv"), str(folder / "emb.npy")]
        steps["embed"] = step(
            "embeddings (stand-in, not timed for d3lta)", [sys.executable, *command]
        )
        (folder / "emb.npy").rename(folder / "embeddings.npy")
    return folder, steps


def run_cdnet(folder: Path, kind: str, window: int) -> dict[str, Any]:
    out = folder / f"cdnet-{kind}.jsonl"
    cli = str(Path(sys.executable).with_name("cdnet"))
    options = ["--kind", kind] + (["--window", str(window)] if kind == "co-link" else [])
    command = [cli, "detect", "coordination", str(folder / "posts.parquet"), *options]
    return {**step(f"cdnet {kind}", [*command, "-o", str(out)]), "output": str(out)}


def run_qut(folder: Path, window: int, kinds: list[str]) -> dict[str, dict[str, Any]]:
    """Preprocess once (timed), then each network; each total includes the preprocess."""
    database = folder / "qut.db"
    for leftover in folder.glob("qut.db*"):
        leftover.unlink()
    python = str(PEERS / "python")
    pre = step(
        "QUT preprocess",
        [python, str(HERE / "peers.py"), "qut-preprocess", str(folder / "qut.csv"), str(database)],
    )
    out: dict[str, dict[str, Any]] = {"preprocess": pre}
    wanted = {"co-link": "co_link", "near-duplicate": "co_similar_tweet"}
    for network in (wanted[kind] for kind in kinds):
        command = [str(PEERS / "compute_networks"), str(database), "compute", network]
        out[network] = step(f"QUT {network}", [*command, "--time_window", str(window)])
        out[network]["total_seconds"] = round(out[network]["seconds"] + pre["seconds"], 3)
        out[network]["peak_rss_mib"] = max(out[network]["peak_rss_mib"], pre["peak_rss_mib"])
    out["database"] = {"path": str(database)}
    return out


def run_d3lta(folder: Path) -> dict[str, Any]:
    out = folder / "d3lta-clusters.json"
    command = [str(PEERS / "python"), str(HERE / "peers.py"), "d3lta", str(folder / "d3lta.csv")]
    report = step("d3lta", [*command, str(folder / "embeddings.npy"), str(out)])
    return {**report, "output": str(out)}


def contender(
    name: str, run: dict[str, Any], seconds: float, scores: dict[str, Any]
) -> dict[str, Any]:
    return {
        "tool": name,
        "seconds": round(seconds, 3),
        "peak_rss_mib": run["peak_rss_mib"],
        **scores,
    }


def score_colink(truth: score.Truth, runs: dict[str, Any]) -> list[dict[str, Any]]:
    cdnet = runs["cdnet co-link"]
    rows = [
        contender(
            "cdnet",
            cdnet,
            cdnet["seconds"],
            truth.colink_scores(score.cdnet_groups(Path(cdnet["output"]), "account_ids")),
        )
    ]
    qut = runs.get("qut")
    if qut:
        edges = score.qut_edges(Path(qut["database"]["path"]), "co_link_network")
        run = qut["co_link"]
        rows.append(
            contender(
                "QUT co_link (components)",
                run,
                run["total_seconds"],
                truth.colink_scores(score.components(edges)),
            )
        )
        rows.append(
            contender(
                "QUT co_link (edges as reported)",
                run,
                run["total_seconds"],
                score.metrics(edges, truth.colink, truth.decoy_accounts),
            )
        )
    return rows


def _text_scores(truth: score.Truth, posts: list[list[str]] | None, accounts: Any) -> Any:
    found = {"accounts": truth.text_account_scores(accounts), "posts": None}
    if posts is not None:
        found["posts"] = truth.text_post_scores(posts)
    return found


def score_text(folder: Path, truth: score.Truth, runs: dict[str, Any]) -> list[dict[str, Any]]:
    cdnet = runs["cdnet near-duplicate"]
    path = Path(cdnet["output"])
    groups = score.cdnet_groups(path, "post_ids"), score.cdnet_groups(path, "account_ids")
    rows = [contender("cdnet", cdnet, cdnet["seconds"], _text_scores(truth, *groups))]
    qut = runs.get("qut")
    if qut:
        edges = score.qut_edges(Path(qut["database"]["path"]), "co_similar_tweet_network")
        run, seconds = qut["co_similar_tweet"], qut["co_similar_tweet"]["total_seconds"]
        found = _text_scores(truth, None, score.components(edges))
        rows.append(contender("QUT co_similar_tweet (components)", run, seconds, found))
        raw = {"accounts": score.metrics(edges, truth.text_accounts, truth.decoy_accounts)}
        name = "QUT co_similar_tweet (edges as reported)"
        rows.append(contender(name, run, seconds, {**raw, "posts": None}))
    d3lta = runs.get("d3lta")
    if d3lta:
        posts, accounts = score.d3lta_groups(Path(d3lta["output"]), folder / "d3lta.csv")
        found = _text_scores(truth, posts, accounts)
        rows.append(contender("d3lta", d3lta, d3lta["seconds"], found))
    return rows


def ratios(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row's seconds divided by cdnet's (how many times faster cdnet is)."""
    base = rows[0]["seconds"]
    for row in rows:
        row["seconds_vs_cdnet"] = round(row["seconds"] / base, 2) if base else None
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description="cdnet coordination vs QUT toolkit vs d3lta")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--window", type=int, default=60)
    parser.add_argument(
        "--kinds", default="co-link,near-duplicate", help="co-link and/or near-duplicate"
    )
    parser.add_argument("--work", type=Path, default=HERE / "work", help="generated files")
    parser.add_argument("--results", type=Path, default=HERE.parent / "results")
    parser.add_argument("--no-peers", action="store_true", help="run cdnet's side only")
    args = parser.parse_args()
    kinds = [k for k in ("co-link", "near-duplicate") if k in args.kinds.split(",")]
    peers = not args.no_peers
    if peers and not (PEERS / "compute_networks").exists():
        raise SystemExit("no peers: run bash bench/coordination/setup_peers.sh (or --no-peers)")
    print(f"coordination benchmark, {args.rows:,} posts, seed {args.seed}")
    folder, prepared = prepare(args.rows, args.seed, args.work, peers and "near-duplicate" in kinds)
    runs: dict[str, Any] = {}
    for kind in kinds:
        runs[f"cdnet {kind}"] = run_cdnet(folder, kind, args.window)
    if peers:
        runs["qut"] = run_qut(folder, args.window, kinds)
        if "near-duplicate" in kinds:
            runs["d3lta"] = run_d3lta(folder)
    truth = score.Truth(folder / "truth.json")
    results: dict[str, Any] = {
        "rows": args.rows,
        "seed": args.seed,
        "window": args.window,
        "planted": truth.summary(),
        "machine": machine(peers),
        "prepare": prepared,
    }
    if "co-link" in kinds:
        results["co_link"] = ratios(score_colink(truth, runs))
    if "near-duplicate" in kinds:
        results["near_duplicate"] = ratios(score_text(folder, truth, runs))
    if peers:
        results["qut_preprocess"] = runs["qut"]["preprocess"]
    write_results(results, args.results)


def machine(peers: bool) -> dict[str, Any]:
    found = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cdnet": version("cdnet"),
        "duckdb": version("duckdb"),
    }
    if peers:
        command = [
            str(PEERS / "python"),
            "-c",
            "from importlib.metadata import version as v; "
            "import json; print(json.dumps({n: v(n) for n in "
            "('coordination-network-toolkit', 'd3lta', 'faiss-cpu')}))",
        ]
        found.update(json.loads(subprocess.check_output(command, text=True)))
    return found


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else f"{value:,}"


def _line(row: dict[str, Any], scores: dict[str, Any] | None) -> str:
    tail = (
        ["-"] * 5
        if scores is None
        else [_cell(scores[k]) for k in ("precision", "recall", "true", "reported", "decoy_pairs")]
    )
    head = [
        row["tool"],
        f"{row['seconds']:.2f}",
        f"{row['peak_rss_mib']:,}",
        f"{row['seconds_vs_cdnet']:.1f}x",
    ]
    return "| " + " | ".join(head + tail) + " |"


HEADER = [
    "| tool | seconds | peak RSS MiB | time vs cdnet | precision | recall | true pairs "
    "| reported pairs | decoy pairs |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
]


SECTIONS = (
    ("Co-link (account pairs)", "co_link", None),
    ("Near-duplicate (account pairs)", "near_duplicate", "accounts"),
    ("Near-duplicate (post pairs)", "near_duplicate", "posts"),
)


def markdown(results: dict[str, Any]) -> str:
    """The results as the Markdown table of README.md."""
    m, planted = results["machine"], results["planted"]
    peers = ", ".join(f"{k} {v}" for k, v in m.items() if k not in ("python", "cpus"))
    lines = [
        f"# Coordination: cdnet vs QUT toolkit vs d3lta ({results['rows']:,} posts)",
        "",
        f"Python {m['python']}, {m['cpus']} CPUs; {peers}. Window {results['window']} s. "
        "Seconds are wall time of the whole command (start-up included; QUT's include its "
        "preprocess step); RSS is the peak of the process (and of the children it waited for).",
        "",
        f"Planted: {planted['colink_pairs']:,} co-link account pairs, "
        f"{planted['text_account_pairs']:,} near-duplicate account pairs, "
        f"{planted['text_post_pairs']:,} near-duplicate post pairs; decoys: "
        f"{planted['decoy_accounts']:,} accounts, {planted['decoy_posts']:,} posts.",
        "",
    ]
    for title, key, part in SECTIONS:
        if key in results:
            rows = [_line(row, row if part is None else row[part]) for row in results[key]]
            lines += [f"## {title}", "", *HEADER, *rows, ""]
    return "\n".join(lines)


def write_results(results: dict[str, Any], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2) + "\n"
    (folder / "coordination.json").write_text(text, encoding="utf-8")
    table = markdown(results)
    (folder / "coordination.md").write_text(table, encoding="utf-8")
    print()
    print(table)


if __name__ == "__main__":
    main()
