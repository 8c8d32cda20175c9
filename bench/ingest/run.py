"""Benchmark ``cdnet ingest`` against DuckDB's own readers, in one run, on the same files.

For an X API v2 twarc2 JSON Lines file and a canonical posts CSV (both generated, see
``generate.py``) each contender runs in its own subprocess, writing Parquet:

* ``cdnet`` -- ``cdnet.analysis.ingest.ingest()`` in process (and, with ``--cli``, the
  ``cdnet ingest`` command);
* ``duckdb`` -- ``read_json``/``read_csv`` -> ``COPY ... TO (FORMAT parquet)``, asked to do the
  same flattening (see ``JSONL_SQL`` and ``CSV_SQL``): the practical ceiling.

Reported: rows, seconds (inside the process, and wall time with start-up), rows per second,
the ratio cdnet/DuckDB, peak RSS (``ru_maxrss`` of each child via ``os.wait4``), and whether the
two outputs agree (same post ids, same ``reshare_of``, same ``links``). Results go to
``bench/results/ingest.md`` and ``ingest.json`` (or ``--results DIR``) and are printed.

    .venv/bin/python bench/ingest/run.py --rows 5000000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
#: Versions the children report (DuckDB, pyarrow), for the results.
VERSIONS: dict[str, str] = {}

JSONL_SQL = """
COPY (
  WITH pages AS (
    SELECT data, includes FROM read_json($input, format = 'newline_delimited',
      maximum_object_size = 1073741824,
      columns = {
        data: 'STRUCT(id VARCHAR, author_id VARCHAR, created_at VARCHAR, text VARCHAR,
          lang VARCHAR, referenced_tweets STRUCT(type VARCHAR, id VARCHAR)[],
          entities STRUCT(urls STRUCT(url VARCHAR, expanded_url VARCHAR,
            unwound_url VARCHAR)[], mentions STRUCT(username VARCHAR)[]))[]',
        includes: 'STRUCT(users STRUCT(id VARCHAR, username VARCHAR)[],
          tweets STRUCT(id VARCHAR, author_id VARCHAR, created_at VARCHAR, text VARCHAR,
          lang VARCHAR, referenced_tweets STRUCT(type VARCHAR, id VARCHAR)[],
          entities STRUCT(urls STRUCT(url VARCHAR, expanded_url VARCHAR,
            unwound_url VARCHAR)[], mentions STRUCT(username VARCHAR)[]))[])'
      })
  ),
  users AS (
    SELECT u.id, any_value(u.username) AS username
    FROM (SELECT unnest(includes.users) AS u FROM pages) GROUP BY u.id
  ),
  tweets AS (
    SELECT unnest(data) AS t, 0 AS included FROM pages
    UNION ALL
    SELECT unnest(includes.tweets) AS t, 1 AS included FROM pages
  ),
  firsts AS (
    SELECT * FROM tweets
    WHERE t.id IS NOT NULL AND (included = 0 OR (t.author_id IS NOT NULL
      AND t.created_at IS NOT NULL))
    QUALIFY row_number() OVER (PARTITION BY t.id ORDER BY included) = 1
  )
  SELECT t.id AS post_id, t.author_id AS account_id,
    CAST(t.created_at AS TIMESTAMPTZ) AS created_at, t.text AS text, 'x' AS platform,
    users.username AS account_name,
    'https://x.com/' || coalesce(users.username || '/status', 'i/web/status') || '/' || t.id
      AS url,
    list_filter(list_transform(t.entities.urls, u -> coalesce(u.unwound_url, u.expanded_url)),
      l -> l IS NOT NULL AND NOT starts_with(l, 'https://t.co/')) AS links,
    list_filter(t.referenced_tweets, r -> r.type = 'retweeted')[1].id AS reshare_of,
    list_transform(t.entities.mentions, m -> m.username) AS mentions, t.lang AS lang,
    CAST(NULL AS VARCHAR) AS country,
    CASE WHEN included = 1 THEN 'true' END AS included
  FROM firsts LEFT JOIN users ON users.id = t.author_id
) TO '{output}' (FORMAT parquet, COMPRESSION zstd)
"""

CSV_SQL = """
COPY (
  SELECT post_id, account_id, CAST(created_at AS TIMESTAMPTZ) AS created_at,
    nullif(text, '') AS text, nullif(platform, '') AS platform,
    nullif(account_name, '') AS account_name, nullif(url, '') AS url,
    from_json(links, '["VARCHAR"]') AS links, nullif(reshare_of, '') AS reshare_of,
    from_json(mentions, '["VARCHAR"]') AS mentions, nullif(lang, '') AS lang,
    nullif(country, '') AS country
  FROM read_csv($input, header = true, all_varchar = true)
) TO '{output}' (FORMAT parquet, COMPRESSION zstd)
"""

AGREE_SQL = """
SELECT
  count(*) FILTER (WHERE a.post_id IS NULL OR b.post_id IS NULL) AS ids_on_one_side_only,
  count(*) FILTER (WHERE a.reshare_of IS DISTINCT FROM b.reshare_of) AS reshare_of_differs,
  count(*) FILTER (WHERE a.links IS DISTINCT FROM b.links) AS links_differ,
  count(*) FILTER (WHERE a.created_at IS DISTINCT FROM b.created_at) AS created_at_differs
FROM read_parquet($a) AS a FULL JOIN read_parquet($b) AS b USING (post_id)
"""


def child(kind: str, source: str, out: str) -> None:
    """Do one job in this (child) process and print its report as JSON.

    Everything that loads Arrow or DuckDB runs in a child, so that the parent stays small: on
    Linux a child's peak RSS starts from its parent's at the fork.
    """
    jobs = {"cdnet": _cdnet, "duckdb": _duckdb, "generate": _generate, "agree": _agree}
    if kind == "count":
        import pyarrow.parquet as pq

        report: dict[str, Any] = {"rows": pq.ParquetFile(source).metadata.num_rows}
    else:
        report = jobs[kind](source, out)
    print(json.dumps(report))


def _cdnet(source: str, out: str) -> dict[str, Any]:
    import pyarrow

    from cdnet.analysis.ingest import ingest

    began = time.perf_counter()
    summary = ingest([Path(source)], Path(out), on_warning=lambda message: None)
    seconds = time.perf_counter() - began
    report = {"rows": summary.rows_written, "seconds": seconds, "output": f"{out}/posts.parquet"}
    return {**report, "pyarrow": pyarrow.__version__}


def _duckdb(source: str, out: str) -> dict[str, Any]:
    import duckdb
    import pyarrow.parquet as pq

    began = time.perf_counter()
    Path(out).mkdir(parents=True, exist_ok=True)
    target = f"{out}/posts.parquet"
    sql = JSONL_SQL if source.endswith(".jsonl") else CSV_SQL
    with duckdb.connect() as con:
        con.execute("SET preserve_insertion_order = false")
        con.execute(sql.replace("{output}", target.replace("'", "''")), {"input": source})
    seconds = time.perf_counter() - began
    rows = pq.ParquetFile(target).metadata.num_rows
    return {"rows": rows, "seconds": seconds, "output": target, "version": duckdb.__version__}


def _generate(spec: str, out: str) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    import generate

    rows, seed = (int(part) for part in spec.split(","))
    write = generate.write_twarc_jsonl if out.endswith(".jsonl") else generate.write_posts_csv
    began = time.perf_counter()
    planted = write(Path(out), rows, seed)
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "planted_events": dict(planted.events)}


def _agree(a: str, b: str) -> dict[str, Any]:
    import duckdb

    with duckdb.connect() as con:
        cursor = con.execute(AGREE_SQL, {"a": a, "b": b})
        names = [d[0] for d in cursor.description]
        values = cursor.fetchone() or ()
    return dict(zip(names, (int(v) for v in values), strict=True))


def in_child(kind: str, first: str, second: str) -> tuple[dict[str, Any], float, int]:
    return measure([sys.executable, __file__, "--child", kind, first, second])


def measure(command: list[str]) -> tuple[dict[str, Any], float, int]:
    """Run ``command``; return its JSON report (if any), wall seconds and peak RSS in MiB."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - began
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    lines = stdout.strip().splitlines()
    report = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    return report, wall, usage.ru_maxrss // 1024  # Linux: kilobytes


def run_one(name: str, kind: str, source: Path, work: Path) -> dict[str, Any]:
    out = work / f"out-{name}"
    shutil.rmtree(out, ignore_errors=True)
    if kind == "cdnet-cli":
        cli = Path(sys.executable).with_name("cdnet")
        _, wall, rss = measure([str(cli), "ingest", str(source), "--out", str(out)])
        target = str(out / "posts.parquet")
        report = {"rows": in_child("count", target, "-")[0]["rows"], "seconds": wall}
        report["output"] = target
    else:
        report, wall, rss = in_child(kind, str(source), str(out))
    if "version" in report:
        VERSIONS["duckdb"] = report["version"]
    if "pyarrow" in report:
        VERSIONS["pyarrow"] = report["pyarrow"]
    rows, seconds = report["rows"], report["seconds"]
    print(f"  {name}: {rows:,} rows in {seconds:.2f}s ({rows / seconds:,.0f} rows/s), {rss} MiB")
    return {
        "contender": name,
        "rows": rows,
        "seconds": round(seconds, 3),
        "wall_seconds": round(wall, 3),
        "rows_per_second": round(rows / seconds),
        "peak_rss_mib": rss,
        "output": report["output"],
    }


def inputs(rows: int, seed: int, work: Path) -> dict[str, Path]:
    """The generated files (reused when present for the same rows and seed)."""
    folder = work / f"data-{rows}-{seed}"
    folder.mkdir(parents=True, exist_ok=True)
    files = {"x-api-v2 jsonl": folder / "tweets.jsonl", "posts csv": folder / "posts.csv"}
    for path in files.values():
        if not path.exists():
            partial = path.with_name(path.stem + ".part" + path.suffix)
            report = in_child("generate", f"{rows},{seed}", str(partial))[0]
            partial.rename(path)
            print(f"generated {path} in {report['seconds']:.1f}s: {report['planted_events']}")
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description="cdnet ingest vs DuckDB -> Parquet")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=HERE / "work", help="generated files")
    parser.add_argument("--results", type=Path, default=HERE.parent / "results")
    parser.add_argument("--cli", action="store_true", help="also time the cdnet ingest command")
    parser.add_argument(
        "--child", nargs=3, metavar=("KIND", "INPUT", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    args.work.mkdir(parents=True, exist_ok=True)
    contenders = [("cdnet", "cdnet"), ("duckdb", "duckdb")]
    if args.cli:
        contenders.insert(1, ("cdnet ingest (CLI)", "cdnet-cli"))
    results: dict[str, Any] = {"rows_generated": args.rows, "seed": args.seed, "inputs": {}}
    results["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count()}
    for label, source in inputs(args.rows, args.seed, args.work).items():
        print(f"{label} ({source.stat().st_size / 2**20:,.0f} MiB)")
        runs = [
            run_one(f"{name}-{source.stem}", kind, source, args.work) for name, kind in contenders
        ]
        for run, (name, _) in zip(runs, contenders, strict=True):
            run["contender"] = name
        cdnet, duck = runs[0], runs[-1]
        results["inputs"][label] = {
            "file": source.name,
            "bytes": source.stat().st_size,
            "runs": runs,
            "ratio_cdnet_to_duckdb": round(cdnet["rows_per_second"] / duck["rows_per_second"], 3),
            "agreement": in_child("agree", cdnet["output"], duck["output"])[0],
        }
    results["machine"].update(VERSIONS)
    write_results(results, args.results)


def markdown(results: dict[str, Any]) -> str:
    machine = results["machine"]
    lines = [
        f"# cdnet ingest vs DuckDB ({results['rows_generated']:,} generated posts)",
        "",
        f"Python {machine['python']}, pyarrow {machine.get('pyarrow')}, "
        f"DuckDB {machine.get('duckdb')}, {machine['cpus']} CPUs. "
        "Seconds are inside each process, without start-up (the CLI's: wall time, with "
        "start-up); RSS is the peak of the process.",
        "",
        "| input | contender | rows | seconds | rows/s | peak RSS MiB | cdnet/DuckDB |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for label, entry in results["inputs"].items():
        for run in entry["runs"]:
            ratio = entry["ratio_cdnet_to_duckdb"] if run["contender"] == "cdnet" else ""
            lines.append(
                f"| {label} | {run['contender']} | {run['rows']:,} | {run['seconds']:.2f} | "
                f"{run['rows_per_second']:,} | {run['peak_rss_mib']:,} | {ratio} |"
            )
    lines += ["", "Agreement of the two outputs (rows differing; 0 is agreement):", ""]
    for label, entry in results["inputs"].items():
        found = ", ".join(f"{k} {v}" for k, v in entry["agreement"].items())
        lines.append(f"- {label}: {found}")
    return "\n".join(lines) + "\n"


def write_results(results: dict[str, Any], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for entry in results["inputs"].values():
        for run in entry["runs"]:
            run.pop("output", None)
    (folder / "ingest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    text = markdown(results)
    (folder / "ingest.md").write_text(text, encoding="utf-8")
    print()
    print(text)


if __name__ == "__main__":
    main()
