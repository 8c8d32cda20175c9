"""The links worth resolving: URLs in posts whose host is a shortener or a redirect domain.

An Arrow-batch kernel (runs on the engine like the host kernel of ``lookalike-domains``) turns
(post_id, url, links, text) rows into (post_id, url) rows, keeping only URLs on listed hosts.
URLs without a scheme (``bit.ly/abc``) get ``https://``; defanged URLs are refanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from cdnet.analysis.ingest.refang import refang_array
from cdnet.analysis.reference.protected import normalise_host
from cdnet.analysis.resolve import listed

LINK_SCHEMA = pa.schema([("post_id", pa.string()), ("url", pa.string())])
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def as_url(value: str) -> str:
    """``value`` with a scheme (``https://`` when it has none) and no trailing punctuation."""
    text = value.strip().rstrip(".,;:!?")
    return text if _SCHEME.match(text) else f"https://{text.lstrip('/')}"


def _candidates(batch: pa.RecordBatch, use_text: bool) -> Iterator[tuple[str | None, str]]:
    ids = batch.column("post_id").cast(pa.string()).to_pylist()
    urls = refang_array(batch.column("url").cast(pa.string())).to_pylist()
    yield from ((i, u) for i, u in zip(ids, urls, strict=True) if u)
    links = batch.column("links")
    if pa.types.is_list(links.type):
        parents = pc.list_parent_indices(links).to_pylist()
        flat = refang_array(pc.list_flatten(links).cast(pa.string())).to_pylist()
        yield from ((ids[p], u) for p, u in zip(parents, flat, strict=True) if u)
    if use_text:
        texts = refang_array(batch.column("text").cast(pa.string())).to_pylist()
        for post_id, text in zip(ids, texts, strict=True):
            yield from ((post_id, m.group(0)) for m in _URL_IN_TEXT.finditer(text or ""))


def link_kernel(
    batch: pa.RecordBatch, hosts: frozenset[str], use_text: bool = True
) -> pa.RecordBatch:
    """(post_id, url, links, text) rows -> (post_id, url) rows for URLs on ``hosts``."""
    post_ids: list[str | None] = []
    found: list[str] = []
    for post_id, value in _candidates(batch, use_text):
        url = as_url(value)
        if listed(normalise_host(url), hosts):
            post_ids.append(post_id)
            found.append(url)
    return pa.RecordBatch.from_arrays(
        [pa.array(post_ids, pa.string()), pa.array(found, pa.string())], schema=LINK_SCHEMA
    )
