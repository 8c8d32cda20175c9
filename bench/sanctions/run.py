"""Precision and recall of the `sanctions` detector against a plain token matcher.

    .venv/bin/python bench/sanctions/run.py [bench/sanctions/labelled.csv] [--register FILE]

``labelled.csv`` holds channel columns (channel_id, platform, name, handle, description, url,
links, country) and the expected entity in ``entity_id`` (or ``expected_entity_id``; empty for a
channel that matches nothing, e.g. the hard negatives RTL, RTÉ, "Rt Hon ..."). A finding counts
as a true positive when its entity is the expected one. Results go to bench/results/sanctions.md.

The plain token matcher flags a channel when any word of a listed name or alias equals any word
of the channel name (case-folded) -- what a naive screening script does.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from cdnet.analysis.detectors.sanctions import Config, build_matcher
from cdnet.analysis.detectors.sanctions_match import Channel
from cdnet.analysis.reference.sanctions import Entity, load_register

HERE = Path(__file__).parent
RESULTS = HERE.parent / "results" / "sanctions.md"
_WORD = re.compile(r"[^\W_]+")
Predict = Callable[[Channel], set[str]]


def read_labelled(path: Path) -> list[tuple[Channel, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
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
    args = parser.parse_args(argv)
    data = read_labelled(args.labelled)
    entities = load_register(args.register).entities
    rows = {
        "cdnet sanctions": score(data, cdnet_matcher(args.register)),
        "plain token matcher": score(data, token_matcher(entities)),
    }
    lines = [
        "# sanctions benchmark",
        "",
        f"{len(data)} labelled channels ({sum(1 for _, e in data if e)} positive) from "
        f"{args.labelled.name}; register: {args.register or 'the one in force'}.",
        "",
        "| matcher | TP | FP | FN | precision | recall |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in rows.items():
        lines.append(
            f"| {name} | {r['tp']:.0f} | {r['fp']:.0f} | {r['fn']:.0f} | "
            f"{r['precision']:.3f} | {r['recall']:.3f} |"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
