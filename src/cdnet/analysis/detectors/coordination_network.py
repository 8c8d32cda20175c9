"""Co-link and co-reshare networks: accounts that share the same objects within seconds.

The semantics are CooRTweet's (``detect_groups`` + ``generate_coordinated_network``): two
different accounts *co-share* an object (a cleaned URL for co-link, the original post for
co-reshare) when they share it within ``window`` seconds of each other; an edge between two
accounts weighs the number of distinct objects they co-shared; edges lighter than
``min_repetition`` are dropped; the networks are the connected components of the rest.

It runs as Ibis expressions on the run's engine, in two passes over the shares:

1. shares -> one row per (object, account, time bucket of ``window`` seconds) with the first and
   last share time -> a self-join on (object, bucket or next bucket) gives each pair of accounts
   that co-shared each object, without ever pairing individual posts (a bot repeating a link a
   thousand times in a minute is one row) -> edges (pair, distinct objects, mean gap);
2. the kept edges come to the driver (they are few: at least ``min_repetition`` co-shared
   objects each), a union-find labels the networks, and the labels go back to the engine as a
   small table; the shares of network accounts are joined with the other members' buckets
   (previous, same, next) to find the posts that were within ``window`` of a partner.

Objects shared by more than ``max_object_accounts`` distinct accounts are skipped: a viral link
would otherwise tie thousands of unrelated accounts together, and the pairs would grow with the
square of its audience.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from cdnet.analysis.detectors.base import Tables

NetworkKind = Literal["co-link", "co-reshare"]

#: Query parameters that identify a click or a campaign, not the page (``utm_*`` too).
TRACKING_PARAMETERS = frozenset(
    "fbclid gclid dclid gbraid wbraid msclkid yclid twclid ttclid igshid igsh si mc_cid mc_eid "
    "_ga _gl _hsenc _hsmi mkt_tok ref_src ref_url oly_anon_id oly_enc_id vero_id rb_clickid "
    "wickedid __twitter_impression".split()
)
#: Links ``clean_url`` returns unchanged (lower-case https host, no query, fragment, port or
#: trailing slash), unless they start with ``https://www.``.
_CLEAN = r"^https://(?:[a-z0-9-]+\.)*[a-z0-9-]+(?:/[^?#\s]*[^/?#\s])?$"
_WEB = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_OTHER_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:(?![0-9])")
_TIMESTAMP = pa.timestamp("us", tz="UTC")
_POSTS = {
    "post_id": pa.string(),
    "account_id": pa.string(),
    "created_at": _TIMESTAMP,
    "links": pa.list_(pa.string()),
    "reshare_of": pa.string(),
}
#: What the link kernel gives: one row per (post, cleaned link).
SHARE_SCHEMA = pa.schema(
    [
        ("object", pa.string()),
        ("account_id", pa.string()),
        ("post_id", pa.string()),
        ("created_at", _TIMESTAMP),
        ("t", pa.int64()),
    ]
)


def clean_url(raw: str | None) -> str | None:
    """The link as an object to compare: ``HTTP://WWW.Example.com/a/?utm_source=x#top`` ->
    ``https://example.com/a``.

    Scheme and host are lower-cased, ``http`` counts as ``https``, ``www.``, default ports,
    user info, the fragment, tracking parameters and a trailing slash are dropped; the path
    and the other parameters keep their case and order. A link without a scheme is read as
    ``https://``; other schemes (``mailto:``) and unparsable links come back stripped.
    """
    value = (raw or "").strip()
    if not value:
        return None
    if not _WEB.match(value):
        if _OTHER_SCHEME.match(value):
            return value
        value = "https://" + value.removeprefix("//")
    try:
        parts = urlsplit(value)
        host, port = parts.hostname, parts.port
    except ValueError:
        return value
    if not host:
        return value
    scheme = "https" if parts.scheme.lower() == "http" else parts.scheme.lower()
    host = host.rstrip(".").removeprefix("www.")
    host = f"[{host}]" if ":" in host else host
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    query = "&".join(p for p in parts.query.split("&") if p and not _tracking(p))
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), query, ""))


def _tracking(parameter: str) -> bool:
    name = parameter.split("=", 1)[0].lower()
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def _seconds(created_at: pa.Array) -> pa.Array:
    """Unix seconds (floored) of UTC timestamps, computed the same way on every engine."""
    micros = created_at.cast(_TIMESTAMP).cast(pa.int64())
    return pc.floor(pc.divide(micros.cast(pa.float64()), 1_000_000.0)).cast(pa.int64())


def _share_batch(
    objects: pa.Array, account: pa.Array, post: pa.Array, created_at: pa.Array
) -> pa.RecordBatch:
    """Share rows from aligned columns, leaving out rows without an object."""
    keep = pc.is_valid(objects)
    created = created_at.filter(keep).cast(_TIMESTAMP)
    return pa.RecordBatch.from_arrays(
        [
            objects.filter(keep).cast(pa.string()),
            account.filter(keep).cast(pa.string()),
            post.filter(keep).cast(pa.string()),
            created,
            _seconds(created),
        ],
        schema=SHARE_SCHEMA,
    )


def clean_array(links: pa.Array) -> pa.Array:
    """``clean_url`` of every value; links already in clean form skip Python."""
    plain = pc.and_(
        pc.match_substring_regex(links, _CLEAN),
        pc.invert(pc.starts_with(links, "https://www.")),
    )
    todo = pc.invert(pc.fill_null(plain, False))
    fixed = pa.array([clean_url(v) for v in links.filter(todo).to_pylist()], pa.string())
    return pc.replace_with_mask(links.cast(pa.string()), todo, fixed)


def link_kernel(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Arrow-batch kernel: posts (post_id, account_id, created_at, links) -> one share row per
    cleaned link of each post. Each distinct raw link of the batch is cleaned once."""
    links = batch.column("links")
    parents = pc.list_parent_indices(links)
    flat = pc.list_flatten(links)
    distinct = pc.unique(flat)
    cleaned = clean_array(distinct)
    objects = pc.take(cleaned, pc.index_in(flat, distinct))
    account, post, created = (
        pc.take(batch.column(n), parents) for n in ("account_id", "post_id", "created_at")
    )
    return _share_batch(objects, account, post, created)


def reshare_kernel(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Arrow-batch kernel: reshares (post_id, account_id, created_at, reshare_of) -> share rows
    whose object is the original post."""
    columns = (batch.column(n) for n in ("reshare_of", "account_id", "post_id", "created_at"))
    return _share_batch(*columns)


def shares(tables: Tables, kind: NetworkKind, window: int) -> ir.Table:
    """(object, account_id, post_id, created_at, t, bucket): each share once.

    Co-link: every cleaned link of a post that is not itself a reshare (a reshare carries the
    original's links, which co-reshare already counts). Co-reshare: ``reshare_of``.
    ``t`` is the Unix time in whole seconds (computed in a kernel, so both engines agree),
    ``bucket`` = ``t // window``.
    """
    posts = tables.table("posts", _POSTS)
    posts = posts.filter(posts.account_id.notnull() & posts.created_at.notnull())
    reshare = posts.reshare_of.notnull() & (posts.reshare_of != "")
    wanted = ["post_id", "account_id", "created_at"]
    if kind == "co-link":
        picked = posts.filter(~reshare & (posts.links.length() > 0)).select(*wanted, "links")
        found = tables.engine.apply(picked, link_kernel, SHARE_SCHEMA, "colinks")
    else:
        picked = posts.filter(reshare).select(*wanted, "reshare_of")
        found = tables.engine.apply(picked, reshare_kernel, SHARE_SCHEMA, "reshares")
    found = found.distinct()
    return found.mutate(bucket=(found.t // window).cast("int64"))


def buckets(found: ir.Table, max_object_accounts: int) -> ir.Table:
    """(object, account_id, bucket, first, last): an account's shares of an object per bucket,
    for objects shared by 2 to ``max_object_accounts`` distinct accounts."""
    rows = found.group_by("object", "account_id", "bucket").agg(
        first=found.t.min(), last=found.t.max()
    )
    audience = rows.group_by("object").agg(accounts=rows.account_id.nunique())
    audience = audience.filter(
        (audience.accounts >= 2) & (audience.accounts <= max_object_accounts)
    )
    return rows.semi_join(audience, "object")


def edges(rows: ir.Table, window: int, min_repetition: int) -> ir.Table:
    """(a, b, weight, gap): account pairs (a < b) that co-shared ``weight`` >= ``min_repetition``
    distinct objects; ``gap`` is the mean over those objects of the closest distance in seconds
    between the two accounts' share times (the bucket ranges)."""
    left = rows.select(
        object="object", a="account_id", a_bucket="bucket", a_first="first", a_last="last"
    )
    left = left.mutate(key=ibis.array([left.a_bucket, left.a_bucket + 1]).unnest())
    right = rows.select(
        r_object="object", b="account_id", key="bucket", b_first="first", b_last="last"
    )
    joined = left.join(right, [left.object == right.r_object, left.key == right.key])
    same = joined.key == joined.a_bucket
    pairs = joined.filter(
        (joined.a != joined.b)
        & ((same & (joined.a < joined.b)) | (~same & (joined.b_first - joined.a_last <= window)))
    )
    gap = ibis.greatest(0, pairs.b_first - pairs.a_last, pairs.a_first - pairs.b_last)
    pairs = pairs.select(
        "object", lo=ibis.least(pairs.a, pairs.b), hi=ibis.greatest(pairs.a, pairs.b), gap=gap
    )
    per_object = pairs.group_by("lo", "hi", "object").agg(gap=pairs.gap.min())
    weighted = per_object.group_by("lo", "hi").agg(
        weight=per_object.object.count(), gap=per_object.gap.mean()
    )
    return weighted.filter(weighted.weight >= min_repetition)


@dataclass
class Component:
    """One network found in the kept edges: its accounts and what its edges say."""

    accounts: list[str]
    edges: int = 0
    weight: int = 0  # sum of edge weights
    gap: float = 0.0  # sum of edge gaps

    @property
    def mean_weight(self) -> float:
        """Distinct objects co-shared per linked pair of accounts, on average."""
        return self.weight / self.edges if self.edges else 0.0

    @property
    def mean_gap(self) -> float:
        """Seconds between linked accounts' shares of an object, on average."""
        return self.gap / self.edges if self.edges else 0.0


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        while parent != item:
            grand = self.parent[parent]
            self.parent[item] = grand
            item, parent = parent, grand
        return item

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def components(batches: Iterable[pa.RecordBatch], min_accounts: int) -> list[Component]:
    """The connected components of streamed (a, b, weight, gap) edges with at least
    ``min_accounts`` accounts, in a stable order (by their sorted account ids).

    Memory grows with the kept edges only (each has ``min_repetition`` co-shared objects or
    more), never with the posts."""
    found = _UnionFind()
    kept: list[tuple[str, int, float]] = []
    for batch in batches:
        columns = [batch.column(n).to_pylist() for n in ("lo", "hi", "weight", "gap")]
        for a, b, weight, gap in zip(*columns, strict=True):
            found.union(a, b)
            kept.append((a, int(weight), float(gap or 0.0)))
    groups: dict[str, Component] = {}
    for account in found.parent:
        groups.setdefault(found.find(account), Component([])).accounts.append(account)
    for account, weight, gap in kept:
        group = groups[found.find(account)]
        group.edges, group.weight, group.gap = (
            group.edges + 1,
            group.weight + weight,
            group.gap + gap,
        )
    chosen = [g for g in groups.values() if len(g.accounts) >= min_accounts]
    for group in chosen:
        group.accounts.sort()
    return sorted(chosen, key=lambda g: g.accounts)


def _members(tables: Tables, groups: list[Component]) -> ir.Table:
    """(account_id, cluster) for every network account, as a table on the run's engine."""
    accounts = [a for g in groups for a in g.accounts]
    labels = [i for i, g in enumerate(groups) for _ in g.accounts]
    members = pa.table({"account_id": pa.array(accounts, pa.string()), "cluster": labels})
    return tables.engine.from_arrow(members, "members")


def coordinated_posts(found: ir.Table, rows: ir.Table, members: ir.Table, window: int) -> ir.Table:
    """(cluster, object, account_id, post_id, created_at): the shares of network accounts made
    within ``window`` seconds of a share of the same object by another account of the network.

    Each share meets only the other members' bucket rows of the previous, the same and the next
    bucket, so the work grows with the shares times the network's size, not with their square."""
    mine = found.join(members, "account_id")
    mine = mine.mutate(key=ibis.array([mine.bucket - 1, mine.bucket, mine.bucket + 1]).unnest())
    theirs = rows.join(members, "account_id")
    theirs = theirs.select(
        p_object="object",
        partner="account_id",
        p_cluster="cluster",
        key="bucket",
        p_first="first",
        p_last="last",
    )
    joined = mine.join(
        theirs,
        [mine.object == theirs.p_object, mine.cluster == theirs.p_cluster, mine.key == theirs.key],
    )
    hit = joined.filter(
        (joined.account_id != joined.partner)
        & (joined.t >= joined.p_first - window)
        & (joined.t <= joined.p_last + window)
    )
    return hit.select("cluster", "object", "account_id", "post_id", "created_at").distinct()


@dataclass(frozen=True)
class Network:
    """One co-link or co-reshare network, ready to become a finding."""

    kind: NetworkKind
    account_ids: list[str]
    post_ids: list[str]
    object: str  # the object most members co-shared
    objects: int  # distinct objects co-shared within the network
    first_seen: datetime
    last_seen: datetime
    mean_weight: float  # distinct objects co-shared per linked pair
    mean_gap: float  # seconds between linked accounts' shares of an object


@dataclass
class _Tally:
    post_ids: set[str]
    objects: int = 0
    best: tuple[int, int, str] = (0, 0, "")  # (-accounts, -posts, object): smallest is best
    first: datetime | None = None
    last: datetime | None = None

    def add(
        self, obj: str, accounts: int, post_ids: list[str], first: datetime, last: datetime
    ) -> None:
        """Count one co-shared object of the network."""
        self.post_ids.update(post_ids)
        self.objects += 1
        rank = (-accounts, -len(set(post_ids)), obj)
        if self.objects == 1 or rank < self.best:
            self.best = rank
        self.first = first if self.first is None else min(self.first, first)
        self.last = last if self.last is None else max(self.last, last)


def _utc(value: datetime) -> datetime:
    """Spark may write timestamps without their zone; they are UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _tallies(tables: Tables, posts: ir.Table) -> dict[int, _Tally]:
    """Per network: its posts, co-shared objects and time span (from one row per object)."""
    summary = posts.group_by("cluster", "object").agg(
        accounts=posts.account_id.nunique(),
        post_ids=posts.post_id.collect(),
        first=posts.created_at.min(),
        last=posts.created_at.max(),
    )
    tallies: dict[int, _Tally] = {}
    for batch in tables.engine.batches(summary):
        for row in batch.to_pylist():
            tally = tallies.setdefault(int(row["cluster"]), _Tally(set()))
            ids = [str(p) for p in row["post_ids"] or []]
            tally.add(row["object"], row["accounts"], ids, _utc(row["first"]), _utc(row["last"]))
    return tallies


def networks(
    tables: Tables,
    kind: NetworkKind,
    *,
    window: int,
    min_repetition: int,
    min_accounts: int,
    max_object_accounts: int,
) -> Iterator[Network]:
    """The co-link or co-reshare networks in ``tables``' posts, in a stable order."""
    found = tables.engine.persist(shares(tables, kind, window), "shares")  # read twice
    rows = buckets(found, max_object_accounts)
    groups = components(tables.engine.batches(edges(rows, window, min_repetition)), min_accounts)
    if not groups:
        return
    posts = coordinated_posts(found, rows, _members(tables, groups), window)
    tallies = _tallies(tables, posts)
    for index, group in enumerate(groups):
        tally = tallies.get(index)
        if tally is None or tally.first is None or tally.last is None:
            continue  # cannot happen: every member has a partner share
        yield Network(
            kind=kind,
            account_ids=group.accounts,
            post_ids=sorted(tally.post_ids),
            object=tally.best[2],
            objects=tally.objects,
            first_seen=tally.first,
            last_seen=tally.last,
            mean_weight=group.mean_weight,
            mean_gap=group.mean_gap,
        )
