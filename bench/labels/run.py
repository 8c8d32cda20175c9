"""How well the ai-images detector reads an AI label in captions it has never seen.

Runs the real path: an images table where every row is the same AI-generated C2PA test image
(``tests/fixtures/c2pa/C.jpg``) posted with one caption of ``captions.csv`` and no platform
label (``ai_label`` false), through ``cdnet``'s ``ai-images`` detector on DuckDB. A caption is
read as labelled when the finding says ``labelled``. Precision / recall per language and
overall, for the ``dev`` split (seen while improving the matcher) and the ``final`` split
(never looked at until the last change). ``ambiguous`` captions are left out.

    .venv/bin/python bench/labels/run.py [--out bench/results/labels.md] [--save-before]
        [--reveal-final] [--captions CSV] [--before JSON]

``--save-before`` stores this run's readings as the "before" baseline (``--before``, default
``bench/results/labels-before.json``); later runs show before and after side by side.
Misses and false alarms of the ``final`` split are listed only with ``--reveal-final``.
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cdnet.analysis.detectors import Tables, get

ROOT = Path(__file__).resolve().parents[2]
CAPTIONS = Path(__file__).with_name("captions.csv")
AI_IMAGE = ROOT / "tests" / "fixtures" / "c2pa" / "C.jpg"
RESULTS = ROOT / "bench" / "results"
BEFORE = RESULTS / "labels-before.json"
POSITIVE = "ai-label"


def load(path: Path = CAPTIONS) -> list[dict[str, str]]:
    """The scored captions (``ambiguous`` left out), each with a row id."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [dict(r, id=f"c{i:04d}") for i, r in enumerate(rows) if r["label"] != "ambiguous"]


def read_labels(rows: Sequence[dict[str, str]], image: Path = AI_IMAGE) -> dict[str, bool]:
    """Row id -> the detector's ``labelled`` for that caption on an AI image."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "images.parquet"
        count = len(rows)
        table = pa.table(
            {
                "image_id": [r["id"] for r in rows],
                "path": [str(image.resolve())] * count,
                "text": [r["text"] for r in rows],
                "ai_label": pa.array([False] * count, pa.bool_()),
                "post_id": [r["id"] for r in rows],
            }
        )
        pq.write_table(table, path)
        detector = get("ai-images")
        with Tables({"images": [path]}) as tables:
            found = list(detector.findings(tables, detector.make_config({})))
    return {f["image_id"]: bool(f["labelled"]) for f in found}


def scores(rows: Sequence[dict[str, str]], said: dict[str, bool]) -> tuple[int, float, float]:
    """(captions, precision, recall) of ``said`` against the rows' labels."""
    tp = sum(1 for r in rows if said[r["id"]] and r["label"] == POSITIVE)
    fp = sum(1 for r in rows if said[r["id"]] and r["label"] != POSITIVE)
    fn = sum(1 for r in rows if not said[r["id"]] and r["label"] == POSITIVE)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return len(rows), precision, recall


def _cell(rows: Sequence[dict[str, str]], said: dict[str, bool] | None) -> str:
    if said is None or not rows:
        return "-"
    _, precision, recall = scores(rows, said)
    return f"{precision:.2f} / {recall:.2f}"


def _table(
    rows: Sequence[dict[str, str]], after: dict[str, bool], before: dict[str, bool] | None
) -> list[str]:
    lines = [
        "| subset | captions | before P / R | after P / R |",
        "|---|---:|---|---|",
    ]
    groups = [("all", list(rows))]
    groups += [(s, [r for r in rows if r["split"] == s]) for s in ("dev", "final")]
    for name, group in groups:
        lines.append(
            f"| **{name}** | {len(group)} | {_cell(group, before)} | {_cell(group, after)} |"
        )
    for lang in sorted({r["language"] for r in rows}):
        group = [r for r in rows if r["language"] == lang]
        lines.append(f"| {lang} | {len(group)} | {_cell(group, before)} | {_cell(group, after)} |")
    return lines


def _errors(rows: Sequence[dict[str, str]], said: dict[str, bool], split: str) -> list[str]:
    lines: list[str] = []
    for kind, want in (("Misses", True), ("False alarms", False)):
        wrong = [
            r
            for r in rows
            if r["split"] == split
            and (r["label"] == POSITIVE) is want
            and said[r["id"]] is not want
        ]
        lines += ["", f"### {kind} ({split}, {len(wrong)})", ""]
        lines += [f"- `{r['language']}` {r['text']} ({r['note']})" for r in wrong] or ["- none"]
    return lines


def report(
    rows: Sequence[dict[str, str]],
    after: dict[str, bool],
    before: dict[str, bool] | None,
    reveal_final: bool,
) -> str:
    """The Markdown report: the scores table, then the misses and false alarms."""
    lines = [
        "# ai-images: AI labels in captions, on held-out captions",
        "",
        "Written by `bench/labels/run.py` from `bench/labels/captions.csv` (hand-written in the",
        "24 EU official languages before the matcher was read; see `make_captions.py`). Each",
        "caption is posted with one AI-generated C2PA image and no platform label, through the",
        "`ai-images` detector; a caption counts as read when the finding says `labelled`.",
        "Precision / recall of the `ai-label` class. `dev` was seen while improving the matcher;",
        "`final` (a fixed random quarter) was not, and is the honest figure. Ambiguous captions",
        'are left out; a denial ("not AI-generated", "no AI used") is not a label.',
        "",
        *_table(rows, after, before),
        "",
        "## Errors after",
        *_errors(rows, after, "dev"),
    ]
    if reveal_final:
        lines += _errors(rows, after, "final")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=RESULTS / "labels.md")
    parser.add_argument("--captions", type=Path, default=CAPTIONS)
    parser.add_argument("--before", type=Path, default=BEFORE)
    parser.add_argument("--save-before", action="store_true")
    parser.add_argument("--reveal-final", action="store_true")
    args = parser.parse_args(argv)
    rows = load(args.captions)
    after = read_labels(rows)
    if args.save_before:
        args.before.write_text(json.dumps(after, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    before = json.loads(args.before.read_text(encoding="utf-8")) if args.before.is_file() else None
    args.out.write_text(report(rows, after, before, args.reveal_final), encoding="utf-8")
    _, precision, recall = scores([r for r in rows if r["split"] == "dev"], after)
    print(f"dev P {precision:.2f} R {recall:.2f} -> {args.out}")


if __name__ == "__main__":
    main()
