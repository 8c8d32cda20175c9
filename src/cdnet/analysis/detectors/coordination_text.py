"""Near-duplicate text clusters: many accounts posting (almost) the same text.

Used by the ``coordination`` detector (``kind = near-duplicate``). The method, step by step, each
step an Ibis expression or an Arrow-batch kernel, so it runs on DuckDB and on Spark alike:

1. **Normalise** (kernel): NFKC, lower case, URLs, @mentions, emoji and punctuation removed,
   whitespace collapsed. Texts shorter than ``min_length`` characters after that (and than the
   5-character shingle) are skipped: "Thank you!" must never make a cluster. Each remaining text
   gets a 64-bit hash of its normalised form (``text_id``).
2. **Exact duplicates first** (SQL): posts group by ``text_id``; everything after works on the
   distinct normalised texts only, so a text copied a million times costs one text.
3. **MinHash + LSH** (kernel, :mod:`.minhash`): ``num_perm`` MinHash values over the character
   5-shingles of each distinct text, cut into ``bands`` of ``rows`` values (``bands * rows <=
   num_perm``, chosen so a pair at the threshold is a candidate with p >= 0.95: see
   :func:`.minhash.choose_bands`); each (text, band) gives a bucket hash.
4. **Candidates** (SQL): texts sharing a bucket. A bucket of up to ``BUCKET_CAP`` texts gives all
   its pairs; a larger one (a template filled in a thousand ways) links each text to the
   bucket's first text and to its neighbour instead, which keeps the work linear.
5. **Verify** (kernel): exact Jaccard similarity of the two shingle sets; pairs below
   ``threshold`` are dropped.
6. **Connected components** of the verified pairs (numpy union-find on the driver: one row per
   verified pair, never per post), written back as a small Parquet table.
7. **Clusters** (SQL): every post takes its text's component. With ``window`` set, a component's
   posts are ordered by time and cut wherever ``window`` seconds pass without a post: each
   cluster is a burst in which every post follows another within ``window`` seconds. Clusters
   with fewer than ``min_accounts`` distinct accounts (or fewer than two posts) are dropped.

Cross-lingual near-duplicates (the same message translated) are out of scope: they need a
multilingual sentence-embedding model, and cdnet ships none and fetches nothing at run time.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import ibis
import ibis.expr.types as ir
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from cdnet.analysis.detectors import minhash
from cdnet.analysis.detectors.base import Tables
from cdnet.errors import BadInput

#: Buckets with more texts than this give a chain and a star instead of all their pairs.
BUCKET_CAP = 20

_POSTS = {
    "post_id": pa.string(),
    "account_id": pa.string(),
    "created_at": pa.timestamp("us", tz="UTC"),
    "text": pa.string(),
    "reshare_of": pa.string(),
}
#: Posts after normalising: ``ts`` in microseconds since 1970 (UTC).
NORMAL_SCHEMA = pa.schema(
    [
        ("post_id", pa.string()),
        ("account_id", pa.string()),
        ("ts", pa.int64()),
        ("text_id", pa.int64()),
        ("norm", pa.string()),
    ]
)
BAND_SCHEMA = pa.schema([("text_id", pa.int64()), ("band", pa.int32()), ("bucket", pa.int64())])
EDGE_SCHEMA = pa.schema([("a", pa.int64()), ("b", pa.int64()), ("similarity", pa.float64())])
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class TextCluster:
    """Posts by several accounts carrying the same or nearly the same text."""

    account_ids: list[str]  # distinct, sorted
    post_ids: list[str]  # by time, then post id
    text: str  # representative text: the earliest post's, as posted
    first_seen: datetime
    last_seen: datetime
    similarity: float  # lowest verified Jaccard similarity between texts in the cluster


def normal_kernel(batch: pa.RecordBatch, min_length: int) -> pa.RecordBatch:
    """Arrow-batch kernel: posts -> (post_id, account_id, ts, text_id, norm), long texts only."""
    norm = minhash.normalise(batch.column("text"))
    length = pc.fill_null(pc.utf8_length(norm), 0)
    keep = pc.and_(
        pc.greater_equal(length, max(min_length, minhash.SHINGLE)),
        pc.and_(pc.is_valid(batch.column("account_id")), pc.is_valid(batch.column("created_at"))),
    )
    norm = norm.filter(keep)
    created = batch.column("created_at").filter(keep)
    ts = pc.cast(created, pa.timestamp("us", tz="UTC"), safe=False).cast(pa.int64())
    arrays = [
        batch.column("post_id").filter(keep).cast(pa.string()),
        batch.column("account_id").filter(keep).cast(pa.string()),
        ts,
        pa.array(minhash.text_hashes(norm), pa.int64()),
        norm,
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=NORMAL_SCHEMA)


def band_kernel(batch: pa.RecordBatch, num_perm: int, bands: int, rows: int) -> pa.RecordBatch:
    """Arrow-batch kernel: distinct texts (text_id, norm) -> (text_id, band, bucket) rows."""
    sigs = minhash.signatures(batch.column("norm"), num_perm)
    buckets = minhash.band_buckets(sigs, bands, rows)
    ids = batch.column("text_id").to_numpy(zero_copy_only=False)
    arrays = [
        pa.array(np.repeat(ids, bands), pa.int64()),
        pa.array(np.tile(np.arange(bands, dtype=np.int32), len(ids)), pa.int32()),
        pa.array(buckets.reshape(-1), pa.int64()),
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=BAND_SCHEMA)


def verify_kernel(batch: pa.RecordBatch, threshold: float) -> pa.RecordBatch:
    """Arrow-batch kernel: candidate pairs (a, b, a_norm, b_norm) -> verified (a, b, similarity)."""
    left, right = batch.column("a_norm"), batch.column("b_norm")
    sizes = pc.add(pc.utf8_length(left), pc.utf8_length(right)).to_numpy(zero_copy_only=False)
    similarity = np.zeros(batch.num_rows, np.float64)
    for part in minhash.chunks(sizes.astype(np.int64)):
        similarity[part] = minhash.jaccard(left[part], right[part])
    keep = pa.array(similarity >= threshold)
    arrays = [
        batch.column("a").filter(keep),
        batch.column("b").filter(keep),
        pa.array(similarity, pa.float64()).filter(keep),
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=EDGE_SCHEMA)


def components(
    a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """For edges ``a[i]-b[i]``: the distinct nodes, sorted, and each one's component label (the
    smallest node in it).

    Union-find with whole-array steps: hook each edge's larger root under the smaller, then
    jump pointers until every node points at its root; repeat until no edge joins two roots.
    """
    nodes, index = np.unique(np.concatenate([a, b]), return_inverse=True)
    u, v = index[: len(a)], index[len(a) :]
    parent = np.arange(len(nodes))
    while True:
        pu, pv = parent[u], parent[v]
        apart = pu != pv
        if not apart.any():
            return nodes, nodes[parent]
        np.minimum.at(parent, np.maximum(pu, pv)[apart], np.minimum(pu, pv)[apart])
        while not np.array_equal(parent[parent], parent):
            parent = parent[parent]


class _Similarity:
    """The verified pairs: the lowest similarity among a set of texts, or over a component."""

    def __init__(self, edges: pa.Table, labels: npt.NDArray[np.int64], nodes: Any) -> None:
        a, b = edges.column("a").to_numpy(), edges.column("b").to_numpy()
        sim = edges.column("similarity").to_numpy()
        order = np.argsort(a, kind="stable")
        self.a, self.b, self.sim = a[order], b[order], sim[order]
        comp = labels[np.searchsorted(nodes, a)]
        by_comp = np.argsort(comp, kind="stable")
        self.comps, cuts = np.unique(comp[by_comp], return_index=True)
        self.comp_min = np.minimum.reduceat(sim[by_comp], cuts)

    def lowest(self, comp: int, text_ids: list[int]) -> float:
        """Lowest similarity of the verified pairs within ``text_ids`` (else in ``comp``).

        Only the pairs of these texts are read (found by binary search), so a component of
        a million texts cut into many bursts costs each burst only its own texts' pairs.
        """
        if len(text_ids) < 2:
            return 1.0
        texts = np.array(sorted(text_ids), np.int64)
        starts = np.searchsorted(self.a, texts, side="left")
        counts = np.searchsorted(self.a, texts, side="right") - starts
        index = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        inside = index[np.isin(self.b[index], texts)]
        if len(inside):
            return float(self.sim[inside].min())
        at = int(np.searchsorted(self.comps, comp))
        found = at < len(self.comps) and self.comps[at] == comp
        return float(self.comp_min[at]) if found else 1.0


def _candidates(bands: ir.Table) -> ir.Table:
    """(a, b) text pairs, a < b, that share a bucket in at least one band."""
    sizes = bands.group_by(["band", "bucket"]).agg(size=bands.text_id.count())
    shared = bands.join(sizes.filter(sizes.size > 1), ["band", "bucket"])
    order = ibis.window(group_by=[shared.band, shared.bucket], order_by=shared.text_id)
    ranked = shared.mutate(rank=ibis.row_number().over(order))
    small = ranked.filter(ranked.size <= BUCKET_CAP)
    peer = small.view()
    every = small.join(
        peer, [small.band == peer.band, small.bucket == peer.bucket, small.rank < peer.rank]
    ).select(a=small.text_id, b=peer.text_id)
    big = ranked.filter(ranked.size > BUCKET_CAP)
    first = big.filter(big.rank == 0).select("band", "bucket", a=big.text_id)
    star = big.join(first, ["band", "bucket"]).filter(big.rank > 0)
    star = star.select(a=star.a, b=star.text_id)
    follower = big.mutate(previous=big.rank - 1)
    leader = big.view()
    chain = follower.join(
        leader,
        [
            follower.band == leader.band,
            follower.bucket == leader.bucket,
            follower.previous == leader.rank,
        ],
    ).select(a=leader.text_id, b=follower.text_id)
    return every.union(star).union(chain).distinct()


def verified_pairs(tables: Tables, texts: ir.Table, num_perm: int, threshold: float) -> pa.Table:
    """The candidate pairs whose exact shingle Jaccard similarity reaches ``threshold``."""
    engine = tables.engine
    bands, rows = minhash.choose_bands(num_perm, threshold)
    banding = functools.partial(band_kernel, num_perm=num_perm, bands=bands, rows=rows)
    buckets = engine.apply(texts, banding, BAND_SCHEMA, "text_buckets")
    pairs = _candidates(buckets)
    left = texts.select(a=texts.text_id, a_norm=texts.norm)
    right = texts.select(b=texts.text_id, b_norm=texts.norm)
    joined = pairs.join(left, pairs.a == left.a).join(right, pairs.b == right.b)
    joined = joined.select(a=pairs.a, b=pairs.b, a_norm=left.a_norm, b_norm=right.b_norm)
    verify = functools.partial(verify_kernel, threshold=threshold)
    return engine.to_arrow(engine.apply(joined, verify, EDGE_SCHEMA, "text_pairs"))


def text_components(tables: Tables, edges: pa.Table) -> tuple[ir.Table | None, _Similarity | None]:
    """Each linked text's component (``text_id``, ``comp``) as a table, and the similarities."""
    if edges.num_rows == 0:
        return None, None
    a, b = edges.column("a").to_numpy(), edges.column("b").to_numpy()
    nodes, labels = components(a, b)
    found = tables.engine.from_arrow(
        pa.table({"text_id": nodes, "comp": labels}), "text_components"
    )
    return found, _Similarity(edges, labels, nodes)


def _bursts(posts: ir.Table, window: int | None) -> ir.Table:
    """Posts with ``run``: a component's posts cut wherever ``window`` seconds pass empty."""
    if window is None:
        return posts.mutate(run=ibis.literal(0, "int64"))
    order = ibis.window(group_by=posts.comp, order_by=[posts.ts, posts.post_id])
    gap = posts.ts - posts.ts.lag().over(order)
    step = ibis.ifelse(gap.isnull() | (gap > window * 1_000_000), 1, 0)
    stepped = posts.mutate(step=step)
    running = ibis.cumulative_window(group_by=stepped.comp, order_by=[stepped.ts, stepped.post_id])
    return stepped.mutate(run=stepped.step.sum().over(running).cast("int64")).drop("step")


def _clusters(
    posts: ir.Table, labels: ir.Table | None, window: int | None, accounts: int
) -> ir.Table:
    """One row per cluster: its posts, accounts, texts, time span and first post."""
    if labels is None:
        keyed = posts.mutate(comp=posts.text_id)
    else:
        joined = posts.left_join(labels, posts.text_id == labels.text_id)
        keyed = joined.select(
            *[posts[c] for c in NORMAL_SCHEMA.names],
            comp=ibis.coalesce(labels.comp, posts.text_id),
        )
    # A component needs enough accounts overall before any burst of it can have them.
    keyed = keyed.view()  # a fresh relation: joining onto the join above would extend it
    wide = keyed.group_by("comp").agg(n=keyed.account_id.nunique())
    keyed = keyed.join(wide.filter(wide.n >= accounts).select("comp"), "comp")
    runs = _bursts(keyed, window)
    sizes = runs.group_by(["comp", "run"]).agg(
        n=runs.account_id.nunique(), posts=runs.post_id.count()
    )
    kept = sizes.filter((sizes.n >= accounts) & (sizes.posts >= 2)).select("comp", "run")
    members = runs.join(kept, ["comp", "run"])
    order = ibis.window(
        group_by=[members.comp, members.run], order_by=[members.ts, members.post_id]
    )
    members = members.mutate(rn=ibis.row_number().over(order))
    return members.group_by(["comp", "run"]).agg(
        # Spark cannot order inside collect: (ts, post_id) pairs, sorted on the way out.
        posts=ibis.struct({"ts": members.ts, "post_id": members.post_id}).collect(),
        account_ids=members.account_id.collect(distinct=True),
        text_ids=members.text_id.collect(distinct=True),
        first=members.ts.min(),
        last=members.ts.max(),
        first_post=members.post_id.max(where=members.rn == 0),
    )


def _post_ids(posts: list[dict[str, Any]]) -> list[str]:
    """Post ids by time, then id; once each (an input may repeat a post)."""
    ordered = sorted(posts, key=lambda p: (p["ts"], p["post_id"]))
    return list(dict.fromkeys(p["post_id"] for p in ordered))


def _moment(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


def _check(min_length: int, threshold: float, window: int | None, num_perm: int) -> None:
    if not 0 < threshold <= 1:
        raise BadInput("the similarity threshold must be above 0 and at most 1", field="threshold")
    if num_perm < 1 or min_length < 0 or (window is not None and window < 0):
        raise BadInput("num_perm must be positive; min_length and window not negative")


def near_duplicate_clusters(
    tables: Tables,
    *,
    min_length: int = 30,
    threshold: float = 0.8,
    window: int | None = None,
    num_perm: int = 64,
    min_accounts: int = 2,
) -> Iterator[TextCluster]:
    """Clusters of posts whose normalised texts are equal or similar (Jaccard >= ``threshold``).

    In order of first post. ``window`` (seconds) splits clusters into bursts; ``min_accounts``
    distinct accounts make a cluster (one account repeating itself is not coordination).
    """
    _check(min_length, threshold, window, num_perm)
    if "posts" not in tables:
        return
    engine = tables.engine
    posts = tables.table("posts", _POSTS)
    # A reshare carries its original's text by construction: co-reshare counts those, and as
    # near-duplicates every retweet of a popular post would form one huge "campaign".
    source = posts.filter(posts.reshare_of.isnull()).select(
        *[c for c in _POSTS if c != "reshare_of"]
    )
    normal = engine.apply(
        source, functools.partial(normal_kernel, min_length=min_length), NORMAL_SCHEMA, "normal"
    )
    normal = engine.persist(normal, "normal")  # read again by the texts and the clusters
    texts = engine.persist(normal.group_by("text_id").agg(norm=normal.norm.min()), "texts")
    labels, similarity = text_components(tables, verified_pairs(tables, texts, num_perm, threshold))
    clusters = _clusters(normal, labels, window, max(min_accounts, 1))
    originals = source.select("post_id", "text")
    found = clusters.join(originals, clusters.first_post == originals.post_id)
    found = found.order_by(["first", "first_post", "comp", "run"])
    seen: tuple[int, int] | None = None
    for batch in engine.batches(found):
        for row in batch.to_pylist():
            key = (row["comp"], row["run"])
            if key == seen:  # a post id repeated in the input: its cluster once
                continue
            seen = key
            text_ids = sorted(row["text_ids"])
            yield TextCluster(
                account_ids=sorted(row["account_ids"]),
                post_ids=_post_ids(row["posts"]),
                text=row["text"],
                first_seen=_moment(row["first"]),
                last_seen=_moment(row["last"]),
                similarity=similarity.lowest(row["comp"], text_ids) if similarity else 1.0,
            )
