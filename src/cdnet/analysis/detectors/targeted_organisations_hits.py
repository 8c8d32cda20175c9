"""Who each post or e-mail names: handles and addresses resolved to organisations.

Two Arrow-batch kernels (so they run on DuckDB and Spark alike) turn posts and e-mails into
*hits*, one row per (post or e-mail, distinct handle or address), with the organisation it
resolves to (or null) and the normalised text that tag-bombing groups
(:mod:`.targeted_organisations_bombing`).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from cdnet.analysis.detectors import minhash
from cdnet.analysis.detectors.base import Tables
from cdnet.analysis.detectors.targeted_organisations_urls import profile_handles
from cdnet.analysis.reference.organisations import Resolver, fold_handle, platform_key
from cdnet.errors import BadInput

#: ``@handle`` in text: not after a word character (e-mail addresses), dots inside (Bluesky).
_HANDLE = re.compile(r"(?<![\w@.])@([\w](?:[\w.-]*\w)?)")
#: The same for Arrow's RE2 (no look-behind), to strip handles before hashing a text.
_STRIP_HANDLES = r"@\w(?:[\w.-]*\w)?"
_MIN_TEXT = 10

HIT_SCHEMA = pa.schema(
    [
        ("evidence_id", pa.string()),
        ("sender", pa.string()),
        ("ts", pa.int64()),  # microseconds since 1970, UTC
        ("platform", pa.string()),
        ("handle", pa.string()),
        ("org_id", pa.string()),
        ("matched_on", pa.string()),
        ("text_id", pa.int64()),
        ("norm", pa.string()),  # the normalised text (null when short), for near-duplicates
    ]
)
_POSTS = {
    "post_id": pa.string(),
    "account_id": pa.string(),
    "created_at": pa.timestamp("us", tz="UTC"),
    "text": pa.string(),
    "platform": pa.string(),
    "mentions": pa.list_(pa.string()),
    "links": pa.list_(pa.string()),
}
_MESSAGES = {
    "message_id": pa.string(),
    "sender": pa.string(),
    "sent_at": pa.timestamp("us", tz="UTC"),
    "subject": pa.string(),
    "text": pa.string(),
    "recipients": pa.list_(pa.string()),
    "cc": pa.list_(pa.string()),
    "bcc": pa.list_(pa.string()),
}


def normal_texts(texts: pa.Array) -> tuple[list[int | None], list[str | None]]:
    """Each text without its handles, URLs, emoji, punctuation and case, and a hash of that;
    both None when shorter than ``_MIN_TEXT`` characters ("Please verify" groups nothing)."""
    plain = pc.replace_substring_regex(texts.cast(pa.string()), _STRIP_HANDLES, " ")
    norm = minhash.normalise(plain)
    hashes = minhash.text_hashes(pc.fill_null(norm, ""))
    lengths = pc.fill_null(pc.utf8_length(norm), 0).to_pylist()
    keep = [n >= _MIN_TEXT for n in lengths]
    ids = [int(h) if k else None for h, k in zip(hashes, keep, strict=True)]
    return ids, [t if k else None for t, k in zip(norm.to_pylist(), keep, strict=True)]


def _micros(batch: pa.RecordBatch, column: str) -> list[int | None]:
    times = pc.cast(batch.column(column), pa.timestamp("us", tz="UTC"), safe=False)
    return times.cast(pa.int64()).to_pylist()  # type: ignore[no-any-return]


def _hits(rows: list[tuple[Any, ...]]) -> pa.RecordBatch:
    columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else []
    columns = columns or [() for _ in HIT_SCHEMA]
    return pa.RecordBatch.from_arrays(
        [pa.array(list(c), f.type) for c, f in zip(columns, HIT_SCHEMA, strict=True)],
        schema=HIT_SCHEMA,
    )


def post_kernel(batch: pa.RecordBatch, resolver: Resolver) -> pa.RecordBatch:
    """Arrow-batch kernel: posts -> one hit per (post, distinct handle) in mentions and text."""
    (ids, norms), ts = normal_texts(batch.column("text")), _micros(batch, "created_at")
    rows: list[tuple[Any, ...]] = []
    for i, post in enumerate(batch.to_pylist()):
        if post["post_id"] is None or post["account_id"] is None or ts[i] is None:
            continue
        text = (ids[i], norms[i])
        for platform, handle in post_handles(post):
            org_id, matched_on = resolver.handle(platform, handle)
            sender = str(post["account_id"])
            rows.append(
                (post["post_id"], sender, ts[i], platform, handle, org_id, matched_on, *text)
            )
    return _hits(rows)


def post_handles(post: dict[str, Any]) -> list[tuple[str, str]]:
    """Distinct (platform, folded handle) a post tags: ``mentions`` entries and ``@handles``
    on the post's platform, and linked account profiles on theirs (a mention written as a URL,
    ``https://x.com/SomeDesk``, in the text, ``links`` or ``mentions``)."""
    platform = platform_key(post["platform"])
    cells = [str(m) for m in post["mentions"] or () if m]
    plain = [m for m in cells if "/" not in m]
    texts = [post["text"], *(post.get("links") or ()), *(m for m in cells if "/" in m)]
    found = [(platform, h) for h in [*plain, *_HANDLE.findall(post["text"] or "")]]
    found += [(platform_key(p), h) for p, h in profile_handles(texts)]
    return list(dict.fromkeys((p, fold_handle(h)) for p, h in found if fold_handle(h)))


def message_kernel(batch: pa.RecordBatch, resolver: Resolver) -> pa.RecordBatch:
    """Arrow-batch kernel: e-mails -> one hit per (message, distinct To/Cc/Bcc address)."""
    texts = pc.binary_join_element_wise(
        pc.fill_null(batch.column("subject"), ""), pc.fill_null(batch.column("text"), ""), " "
    )
    (ids, norms), ts = normal_texts(texts), _micros(batch, "sent_at")
    rows: list[tuple[Any, ...]] = []
    for i, mail in enumerate(batch.to_pylist()):
        if mail["message_id"] is None or mail["sender"] is None or ts[i] is None:
            continue
        found = [*(mail["recipients"] or ()), *(mail["cc"] or ()), *(mail["bcc"] or ())]
        text = (ids[i], norms[i])
        for address in dict.fromkeys(a.strip().casefold() for a in found if a and "@" in a):
            org_id, matched_on = resolver.address(address)
            sender = str(mail["sender"]).casefold()
            rows.append(
                (mail["message_id"], sender, ts[i], "email", address, org_id, matched_on, *text)
            )
    return _hits(rows)


def with_emails(tables: Tables, path: Path) -> Tables:
    """``tables`` plus the messages of ``path`` (.eml files or mailboxes), read by cdnet ingest."""
    from cdnet.analysis.ingest import ingest

    if not path.exists():
        raise BadInput("no such file or folder", file=str(path), field="--emails")
    out = tables.engine.workdir / tables.engine.fresh_name("emails")
    read = ingest([path], out, fmt="email").tables.get("messages")
    if read is None:
        raise BadInput("no e-mail messages found", file=str(path), field="--emails")
    paths = dict(tables.paths)
    paths["messages"] = [*paths.get("messages", []), read.path]
    return Tables(paths, tables.engine)


def hits_table(tables: Tables, resolver: Resolver) -> ir.Table | None:
    """Every (post or e-mail, handle or address) with its organisation, as one kept table."""
    engine = tables.engine
    parts = []
    if "posts" in tables:
        kernel = functools.partial(post_kernel, resolver=resolver)
        parts.append(engine.apply(tables.table("posts", _POSTS), kernel, HIT_SCHEMA, "org_posts"))
    if "messages" in tables:
        kernel = functools.partial(message_kernel, resolver=resolver)
        table = tables.table("messages", _MESSAGES)
        parts.append(engine.apply(table, kernel, HIT_SCHEMA, "org_mails"))
    if not parts:
        return None
    return engine.persist(parts[0] if len(parts) == 1 else parts[0].union(parts[1]), "org_hits")
