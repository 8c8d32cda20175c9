"""nomenklatura's side of the sanctions benchmark; runs with the peers' own Python (``.peers``).

Not part of cdnet and never imported by it: ``run.py`` starts this file as a subprocess with
``bench/sanctions/.peers/bin/python`` (see ``setup_peers.sh``), one algorithm per process so that
each gets its own wall time and peak RSS.

    python peers.py register.csv labelled.csv --algorithm logic-v2 --threshold 0.7

``register.csv`` has the columns of cdnet's register (``run.py`` writes the register in force with
``Register.to_csv``); ``labelled.csv`` the channel columns of ``bench/sanctions/labelled.csv``.

What nomenklatura is given (followthemoney entities):

* each register entry: a ``Person`` (kind ``person``) or an ``Organization`` (outlets and
  organisations) with ``name``, every alias as ``alias``, ``country``, and its domains and
  mirrors as ``website`` (``https://DOMAIN``);
* each channel: a ``LegalEntity`` (it may be a person's or an outlet's account) with ``name``,
  ``country`` and its links as ``website``. Handles are not given: followthemoney has no
  property for a social-media handle that the matchers compare.

Each channel is compared with every register entity by ``Algorithm.compare(channel, entity,
Algorithm.default_config())``; the best-scoring entity is the channel's match when its score is
at or above ``--threshold``. logic-v1 and logic-v2 compare names, identifiers and addresses
(``website`` is not one of their features); ``country`` only enters as a mismatch penalty.
The last line on stdout is a JSON report: ``{"matches": {channel_id: {"entity_id": id or
null, "score": float}}, "seconds": matching time, "versions": {...}, ...}``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from importlib.metadata import version
from typing import Any

from followthemoney import EntityProxy, model
from nomenklatura.matching import get_algorithm
from nomenklatura.matching.types import ScoringAlgorithm

SCHEMA = {"person": "Person"}  # every other kind: Organization


def split(cell: str | None, sep: str = "|") -> list[str]:
    return [part.strip() for part in (cell or "").split(sep) if part.strip()]


def read_rows(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def register_entity(row: dict[str, str]) -> EntityProxy:
    """One register row as a Person or Organization."""
    entity = model.make_entity(SCHEMA.get(row.get("kind", ""), "Organization"))
    entity.id = row["entity_id"]
    entity.add("name", row.get("name"))
    entity.add("alias", split(row.get("aliases")))
    entity.add("country", row.get("country") or None)
    sites = split(row.get("domains")) + split(row.get("mirrors"))
    entity.add("website", [f"https://{domain}" for domain in sites])
    return entity


def channel_entity(row: dict[str, str], index: int) -> EntityProxy:
    """One labelled channel as a LegalEntity (name, country, links as websites)."""
    entity = model.make_entity("LegalEntity")
    entity.id = row.get("channel_id") or str(index)
    entity.add("name", row.get("name") or None)
    entity.add("country", row.get("country") or None)
    cell = (row.get("links") or "").strip()
    links = json.loads(cell) if cell.startswith("[") else cell.split()
    entity.add("website", [link for link in links if link])
    return entity


def best_match(
    algorithm: type[ScoringAlgorithm], channel: EntityProxy, register: list[EntityProxy]
) -> tuple[str | None, float]:
    """The register entity with the highest score for ``channel`` (None when all score 0)."""
    best: tuple[str | None, float] = (None, 0.0)
    for entity in register:
        result = algorithm.compare(channel, entity, algorithm.default_config())
        if result.score > best[1]:
            best = (entity.id, result.score)
    return best


def run(register_csv: str, labelled_csv: str, name: str, threshold: float) -> dict[str, Any]:
    algorithm = get_algorithm(name)
    if algorithm is None:
        raise SystemExit(f"nomenklatura has no algorithm {name!r}")
    register = [register_entity(row) for row in read_rows(register_csv)]
    channels = [channel_entity(row, i) for i, row in enumerate(read_rows(labelled_csv))]
    began = time.perf_counter()
    matches: dict[str, dict[str, Any]] = {}
    for channel in channels:
        entity_id, score = best_match(algorithm, channel, register)
        hit = entity_id if score >= threshold else None
        matches[str(channel.id)] = {"entity_id": hit, "score": round(score, 4), "best": entity_id}
    return {
        "algorithm": algorithm.NAME,
        "threshold": threshold,
        "seconds": time.perf_counter() - began,
        "versions": {p: version(p) for p in ("nomenklatura", "followthemoney", "rigour")},
        "matches": matches,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("register")
    parser.add_argument("labelled")
    parser.add_argument("--algorithm", default="logic-v2")
    parser.add_argument("--threshold", type=float, default=0.7)
    args = parser.parse_args(argv)
    report = run(args.register, args.labelled, args.algorithm, args.threshold)
    sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
