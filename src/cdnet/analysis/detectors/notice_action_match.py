"""The statements of reasons a notice could match, found by the engine, not in Python.

The ``statements`` table (DSA Transparency Database dumps) can hold millions of rows. Only the
statements that can match one of the (few) notices come into Python, by two joins on the run's
engine (DuckDB or Spark):

* **by id** -- statements whose ``uuid`` is a notice's ``statement_id`` (a semi-join with the
  notices' ids);
* **by key** -- an Arrow-batch kernel gives every statement with a URL or PUID its match key
  (:func:`~.notice_action_stats.platform_key` of its platform, :func:`~.notice_action_stats.
  statement_key` of its URL or PUID: the same functions as before, so URL parsing is unchanged);
  a semi-join with the notices' (platform, :func:`~.notice_action_stats.url_keys`) pairs keeps
  those a notice can name.

:func:`~.notice_action_stats.match_statements` then applies the time window, the nearest-in-time
rule and one-statement-per-notice to these candidates exactly as it did to the whole table.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from cdnet.analysis.detectors.base import Tables
from cdnet.analysis.detectors.notice_action_stats import platform_key, statement_key, url_keys

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_STATEMENTS = {
    "uuid": pa.string(),
    "platform_name": pa.string(),
    "created_at": pa.timestamp("us", tz="UTC"),
    "url": pa.string(),
    "puid": pa.string(),
}
#: A statement's match key; ``created_us`` is microseconds since 1970 (UTC), plain on any engine.
KEY_SCHEMA = pa.schema(
    [
        ("uuid", pa.string()),
        ("platform_name", pa.string()),
        ("created_us", pa.int64()),
        ("url", pa.string()),
        ("puid", pa.string()),
        ("pkey", pa.string()),
        ("skey", pa.string()),
    ]
)
_NO_KEY = {"platform_name": None, "created_at": None, "url": None, "puid": None}
_NOTICE_KEYS = pa.schema([("pkey", pa.string()), ("skey", pa.string())])


def key_kernel(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Arrow-batch kernel: statements -> their (platform, URL-or-PUID) match key."""
    created = pc.cast(batch.column("created_at"), pa.timestamp("us", tz="UTC"), safe=False)
    rows = batch.select(["uuid", "platform_name", "url", "puid"]).to_pylist()
    pkeys = [platform_key(r["platform_name"]) if r["platform_name"] else None for r in rows]
    skeys = [statement_key(r["url"], r["puid"]) for r in rows]
    return pa.RecordBatch.from_arrays(
        [
            batch.column("uuid"),
            batch.column("platform_name"),
            created.cast(pa.int64()),
            batch.column("url"),
            batch.column("puid"),
            pa.array(pkeys, pa.string()),
            pa.array(skeys, pa.string()),
        ],
        schema=KEY_SCHEMA,
    )


def notice_keys(notices: Iterable[dict[str, Any]]) -> pa.Table:
    """Every (platform key, URL key) a notice's content URL can match, once each."""
    pairs = {
        (platform_key(n["platform"]), key)
        for n in notices
        for key in url_keys(n["content_url"] or "")
    }
    ordered = sorted(pairs)
    return pa.table(
        {"pkey": [p for p, _ in ordered], "skey": [k for _, k in ordered]}, schema=_NOTICE_KEYS
    )


def _statement(row: dict[str, Any]) -> dict[str, Any]:
    created = row["created_us"]
    when = None if created is None else _EPOCH + timedelta(microseconds=int(created))
    return {
        "uuid": row["uuid"],
        "platform_name": row["platform_name"],
        "created_at": when,
        "url": row["url"],
        "puid": row["puid"],
    }


def candidate_statements(tables: Tables, notices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The statements that share an id or a (platform, URL/PUID) key with a notice."""
    engine = tables.engine
    statements = tables.table("statements", _STATEMENTS)
    ids = sorted({str(n["statement_id"]) for n in notices if n.get("statement_id")})
    found: list[dict[str, Any]] = []
    if ids:
        wanted = engine.from_arrow(pa.table({"statement_id": pa.array(ids, pa.string())}), "ids")
        by_id = statements.semi_join(wanted, statements.uuid == wanted.statement_id)
        for batch in engine.batches(by_id.select("uuid").distinct()):
            # only the id matters here; without URL/PUID they take no part in the key match
            found += [{**_NO_KEY, "uuid": uuid} for uuid in batch.column("uuid").to_pylist()]
    keys = notice_keys(notices)
    if keys.num_rows:
        with_key = statements.filter(statements.url.notnull() | statements.puid.notnull())
        keyed_all = engine.apply(with_key, key_kernel, KEY_SCHEMA, "statement_keys")
        wanted_keys = engine.from_arrow(keys, "notice_keys")
        matched = keyed_all.semi_join(wanted_keys, ["pkey", "skey"])
        found += [_statement(r) for b in engine.batches(matched) for r in b.to_pylist()]
    return found
