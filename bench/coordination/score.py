"""Precision and recall of each tool's output against the planted ground truth.

The unit is the same for every tool (see README.md, "Metrics"):

* **account pairs** (co-link and near-duplicate): a tool *reports* the pair {a, b} when a and b
  are in the same group it reports -- a cdnet finding's ``account_ids``, a connected component
  of the QUT toolkit's edges (self-loops dropped, as its export does), the accounts of the posts
  of a d3lta cluster. The truth is every pair of accounts of the same planted campaign.
* **post pairs** (near-duplicate, tools that report posts: cdnet and d3lta): two posts are
  paired when they are in the same reported group; the truth is every pair of posts of the same
  planted message. The QUT toolkit reports account edges only, so it has no post-pair score.
* **QUT edges as reported**: its raw edge list scored as pairs too, for reference.

``decoy_pairs`` counts reported pairs that are not planted and touch a decoy: an account that
shared a viral URL or the repeating account (account pairs), a generic reply or a post of the
repeating account (post pairs).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

Pair = tuple[str, str]


def pairs(groups: Iterable[Iterable[str]]) -> set[Pair]:
    """Every unordered pair of distinct members of each group, as sorted tuples."""
    out: set[Pair] = set()
    for group in groups:
        out.update(combinations(sorted(set(group)), 2))
    return out


def metrics(found: set[Pair], truth: set[Pair], decoys: set[str]) -> dict[str, Any]:
    """Precision, recall and the counts behind them."""
    hits = len(found & truth)
    wrong = found - truth
    return {
        "reported": len(found),
        "true": hits,
        "planted": len(truth),
        "precision": round(hits / len(found), 4) if found else None,
        "recall": round(hits / len(truth), 4) if truth else None,
        "decoy_pairs": sum(1 for a, b in wrong if a in decoys or b in decoys),
    }


def cdnet_groups(path: Path, field: str) -> list[list[str]]:
    """The ``account_ids`` or ``post_ids`` of each finding of a ``cdnet detect`` JSONL file."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)[field] for line in lines if line.strip()]


def qut_edges(database: Path, table: str) -> set[Pair]:
    """The toolkit's edges between two different accounts (both directions folded)."""
    with sqlite3.connect(database) as db:
        rows = db.execute(f"select user_1, user_2 from {table} where user_1 != user_2")  # noqa: S608
        return {(min(a, b), max(a, b)) for a, b in rows}


def components(edges: Iterable[Pair]) -> list[list[str]]:
    """Connected components of an edge list (union-find)."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for node in list(parent):
        groups.setdefault(root(node), []).append(node)
    return list(groups.values())


class Truth:
    """The planted pairs and the decoys of one generated data set (``truth.json``)."""

    def __init__(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        self.colink = pairs(g["accounts"] for g in data["colink"])
        self.text_accounts = pairs(g["accounts"] for g in data["near_duplicate"])
        self.text_posts = pairs(m for g in data["near_duplicate"] for m in g["messages"])
        decoys = data["decoys"]
        self.decoy_accounts = {a for sharers in decoys["viral"].values() for a in sharers}
        self.decoy_accounts.add(decoys["repeater"])
        self.decoy_posts = set(decoys["generic_reply_posts"]) | set(decoys["repeater_posts"])

    def summary(self) -> dict[str, int]:
        return {
            "colink_pairs": len(self.colink),
            "text_account_pairs": len(self.text_accounts),
            "text_post_pairs": len(self.text_posts),
            "decoy_accounts": len(self.decoy_accounts),
            "decoy_posts": len(self.decoy_posts),
        }

    def colink_scores(self, groups: list[list[str]]) -> dict[str, Any]:
        return metrics(pairs(groups), self.colink, self.decoy_accounts)

    def text_account_scores(self, groups: list[list[str]]) -> dict[str, Any]:
        return metrics(pairs(groups), self.text_accounts, self.decoy_accounts)

    def text_post_scores(self, groups: list[list[str]]) -> dict[str, Any]:
        return metrics(pairs(groups), self.text_posts, self.decoy_posts)


def d3lta_groups(clusters: Path, rows: Path) -> tuple[list[list[str]], list[list[str]]]:
    """d3lta's clusters as post-id groups and as account-id groups."""
    import csv

    with rows.open(encoding="utf-8", newline="") as handle:
        author = {row["post_id"]: row["account_id"] for row in csv.DictReader(handle)}
    posts = list(json.loads(clusters.read_text(encoding="utf-8")).values())
    return posts, [[author[p] for p in group] for group in posts]
