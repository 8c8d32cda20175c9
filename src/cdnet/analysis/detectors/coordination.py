"""``coordination``: groups of accounts that act together -- co-link, co-reshare, near-duplicate.

* **co-link** -- accounts that share the same links (cleaned of tracking parameters) within
  ``window`` seconds of each other, again and again;
* **co-reshare** -- accounts that reshare the same original posts within ``window`` seconds;
* **near-duplicate** -- accounts that post the same or nearly the same text.

Co-link and co-reshare follow CooRTweet (see :mod:`.coordination_network`); near-duplicate text
is :mod:`.coordination_text`. Each network becomes one finding. See docs/detectors/coordination.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from cdnet.analysis.detectors.base import DetectorConfig, Finding, Tables
from cdnet.analysis.detectors.coordination_network import Network, networks

if TYPE_CHECKING:
    from cdnet.analysis.detectors.coordination_text import TextCluster

NAME = "coordination"
DESCRIPTION = (
    "Accounts that share the same links or reshare the same posts within seconds, again and "
    "again, or post near-identical text (co-link, co-reshare, near-duplicate)."
)
TABLES = ("posts",)

Kind = Literal["near-duplicate", "co-link", "co-reshare"]
KINDS: tuple[Kind, ...] = ("near-duplicate", "co-link", "co-reshare")
#: DISARM: Flood Information Space, plus what the kind of sharing suggests.
DISARM: dict[Kind, list[str]] = {
    "co-link": ["T0049", "T0049.005"],  # Conduct Swarming
    "co-reshare": ["T0049", "T0049.003"],  # Bots Amplify via Automated Forwarding and Reposting
    "near-duplicate": ["T0049", "T0084.001"],  # Use Copypasta
}
_PREFIX: dict[Kind, str] = {
    "co-link": "colink",
    "co-reshare": "coreshare",
    "near-duplicate": "text",
}
_NOUN: dict[str, tuple[str, str, str]] = {
    "co-link": ("shared", "link", "links"),
    "co-reshare": ("reshared", "post", "posts"),
}
OBJECT_CHARS = 200


class Config(DetectorConfig):
    """Options of ``coordination`` (each is also ``--option`` on the command line)."""

    kind: list[Kind] = Field(
        default_factory=lambda: list(KINDS),
        description="Which kinds of coordination to look for: near-duplicate, co-link, "
        "co-reshare (comma-separated); default: all three.",
    )
    window: int = Field(
        60,
        ge=1,
        description="Seconds within which two accounts sharing the same link or original post "
        "count as co-sharing it; default 60: scheduled or scripted accounts post within "
        "seconds, while people reacting to the same news spread over minutes and hours.",
    )
    min_repetition: int = Field(
        2,
        ge=1,
        description="Distinct links or posts two accounts must have co-shared to be linked; "
        "default 2: a single co-share happens by chance, repetition does not.",
    )
    min_accounts: int = Field(
        2, ge=2, description="Smallest network reported; default 2 (one linked pair)."
    )
    max_object_accounts: int = Field(
        500,
        ge=2,
        description="Links or posts shared by more distinct accounts than this are not counted; "
        "default 500: a viral link would otherwise tie its whole audience together.",
    )
    min_length: int = Field(
        30,
        ge=1,
        description="Near-duplicate: shortest text (characters, after normalising) compared; "
        "default 30: short replies ('Thank you!') repeat without any coordination.",
    )
    similarity: float = Field(
        0.8,
        gt=0.0,
        le=1.0,
        description="Near-duplicate: smallest word-shingle Jaccard similarity of two texts; "
        "default 0.8 catches copy-paste with a changed word or two, not shared topics.",
    )
    num_perm: int = Field(
        64,
        ge=8,
        description="Near-duplicate: MinHash permutations; default 64: more find borderline "
        "pairs more reliably but cost time and memory in proportion.",
    )
    text_window: int | None = Field(
        None,
        ge=1,
        description="Near-duplicate: seconds within which the same text counts as coordinated; "
        "default: any time (copypasta is often posted over hours or days).",
    )

    @field_validator("kind")
    @classmethod
    def _distinct_kinds(cls, value: list[Kind]) -> list[Kind]:
        if not value:
            raise ValueError("name at least one kind: " + ", ".join(KINDS))
        return [k for k in KINDS if k in value]


class CoordinationFinding(Finding):
    """A group of accounts that shared the same objects, or text, together."""

    cluster_id: str = Field(description="Stable id: kind prefix + hash of the account ids.")
    kind: Kind = Field(description="near-duplicate, co-link or co-reshare.")
    account_ids: list[str] = Field(description="The accounts of the network, sorted.")
    post_ids: list[str] = Field(description="Their coordinated posts, sorted.")
    object: str = Field(
        description="The shared URL, original post id, or representative text (200 chars)."
    )
    first_seen: datetime = Field(description="First coordinated post (UTC).")
    last_seen: datetime = Field(description="Last coordinated post (UTC).")


def cluster_id(kind: Kind, account_ids: list[str], salt: str = "") -> str:
    """``colink-3f2a9c0d1e4b``: the same accounts (and ``salt``) give the same id every run."""
    text = "\n".join(sorted(account_ids)) + ("\n\n" + salt if salt else "")
    return f"{_PREFIX[kind]}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"


def network_score(network: Network, window: int) -> float:
    """0.4 x accounts + 0.3 x repetition + 0.3 x tightness, each 0..1.

    accounts = 1 - 1/n (2 accounts 0.5, 4 0.75, 10 0.9); repetition = 1 - 1/w for w the mean
    number of distinct objects a linked pair co-shared (2 -> 0.5, 5 -> 0.8); tightness =
    1 - mean gap / window (1 when the shares are simultaneous)."""
    accounts = 1 - 1 / len(network.account_ids)
    repetition = 1 - 1 / max(network.mean_weight, 1.0)
    tightness = 1 - min(network.mean_gap, window) / window
    return round(0.4 * accounts + 0.3 * repetition + 0.3 * tightness, 3)


def _span(first: datetime, last: datetime) -> str:
    start = first.strftime("%Y-%m-%d %H:%M:%S")
    end = last.strftime("%H:%M:%S" if last.date() == first.date() else "%Y-%m-%d %H:%M:%S")
    return f"between {start} and {end} UTC"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def network_finding(network: Network, config: Config) -> CoordinationFinding:
    """The finding of one co-link or co-reshare network."""
    verb, one, many = _NOUN[network.kind]
    objects = _plural(network.objects, one, many)
    times = _plural(len(network.post_ids), "time", "times")
    explanation = (
        f"{len(network.account_ids)} accounts {verb} the same {objects} within {config.window} "
        f"seconds of each other, {times} in all, {_span(network.first_seen, network.last_seen)} "
        f"({many} {verb} by more than {config.max_object_accounts} accounts are not counted)."
    )
    return CoordinationFinding(
        detector=NAME,
        score=network_score(network, config.window),
        explanation=explanation,
        disarm=list(DISARM[network.kind]),
        cluster_id=cluster_id(network.kind, network.account_ids),
        kind=network.kind,
        account_ids=network.account_ids,
        post_ids=network.post_ids,
        object=network.object,
        first_seen=network.first_seen,
        last_seen=network.last_seen,
    )


def text_finding(cluster: TextCluster, config: Config) -> CoordinationFinding:
    """The finding of one near-duplicate text cluster: 0.5 x accounts + 0.5 x similarity."""
    accounts = sorted(cluster.account_ids)
    if cluster.similarity >= 0.995:
        what = "the same text"
    else:
        what = f"near-identical text (at least {int(cluster.similarity * 100)}% similar)"
    burst = ""
    salt = cluster.text
    if config.text_window:
        burst = f", each post within {config.text_window} seconds of the one before"
        salt += "\n" + cluster.first_seen.isoformat()  # one text may come back in bursts
    explanation = (
        f"{len(accounts)} accounts posted {what}{burst}, "
        f"{_plural(len(cluster.post_ids), 'time', 'times')} in all, "
        f"{_span(cluster.first_seen, cluster.last_seen)}."
    )
    score = 0.5 * (1 - 1 / max(len(accounts), 1)) + 0.5 * cluster.similarity
    return CoordinationFinding(
        detector=NAME,
        score=round(min(max(score, 0.0), 1.0), 3),
        explanation=explanation,
        disarm=list(DISARM["near-duplicate"]),
        cluster_id=cluster_id("near-duplicate", accounts, salt),
        kind="near-duplicate",
        account_ids=accounts,
        post_ids=sorted(cluster.post_ids),
        object=cluster.text[:OBJECT_CHARS],
        first_seen=cluster.first_seen,
        last_seen=cluster.last_seen,
    )


def _findings(tables: Tables, config: Config) -> Iterator[CoordinationFinding]:
    for kind in config.kind:
        if kind == "near-duplicate":
            from cdnet.analysis.detectors.coordination_text import near_duplicate_clusters

            for cluster in near_duplicate_clusters(
                tables,
                min_length=config.min_length,
                threshold=config.similarity,
                window=config.text_window,
                num_perm=config.num_perm,
                min_accounts=config.min_accounts,
            ):
                yield text_finding(cluster, config)
            continue
        for network in networks(
            tables,
            kind,
            window=config.window,
            min_repetition=config.min_repetition,
            min_accounts=config.min_accounts,
            max_object_accounts=config.max_object_accounts,
        ):
            yield network_finding(network, config)


def run(tables: Tables, config: Config) -> Iterator[CoordinationFinding]:
    """Every network of the chosen kinds, strongest first."""
    if "posts" not in tables:
        return
    found = list(_findings(tables, config))
    yield from sorted(found, key=lambda f: (-f.score, KINDS.index(f.kind), f.cluster_id))
