"""CooRTweet-style sharing logs (CSV) -> ``posts``.

The CooRTweet R package detects coordinated sharing from a table with one row per share:
``object_id`` (what was shared: a URL, a hashtag, the id of a retweeted post), ``account_id``
(who shared it), ``content_id`` (the sharing post) and ``timestamp_share`` (UNIX epoch seconds).
This reads such a table as CSV (``.csv``, ``.csv.gz``), with or without further columns.

Item numbers are CSV line numbers (the header is line 1).

Mapping: ``post_id`` = ``content_id``, ``account_id`` = ``account_id``, ``created_at`` =
``timestamp_share`` (UTC). ``object_id`` goes into ``links`` when it is a URL (it starts with
``http://``, ``https://``, a defanged ``hxxp(s)://`` or ``www.``) and into ``reshare_of``
otherwise; it is also kept as the extra column ``object_id``. Further columns are kept: one named
like a canonical column the mapping does not fill (``text``, ``platform``, ``account_name``,
``url``, ``mentions``, ``lang``, ``country``) is used as that column; one named like a column
the mapping fills (``post_id``, ``created_at``, ``links``, ``reshare_of``) is kept as
``source_<name>``; any other under its own name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from cdnet.analysis.ingest.formats.base import Broken, Item, Record, base_name
from cdnet.analysis.ingest.formats.export_helpers import csv_header, csv_rows, epoch_iso

NAME = "coortweet"
TABLE = "posts"

REQUIRED = ("object_id", "account_id", "content_id", "timestamp_share")
_FILLED = frozenset({"post_id", "account_id", "created_at", "links", "reshare_of"})
_URL = re.compile(r"(?i)^\s*(?:h(?:tt|xx)ps?(?:://|\[://\]|\[:\]//)|www(?:\.|\[\.\]))")


def sniff(path: Path) -> bool:
    """A CSV file whose header has CooRTweet's four columns and is not a canonical posts table.

    A header with ``post_id`` and ``created_at`` is a canonical posts table that happens to carry
    such columns; other extra columns (even ``post_id``) do not stop the log being recognised.
    """
    if not base_name(path).endswith(".csv"):
        return False
    header = set(csv_header(path))
    return set(REQUIRED) <= header and not {"post_id", "created_at"} <= header


def records(path: Path) -> Iterator[Item]:
    """The shares of ``path`` as ``posts`` records."""
    for number, row in csv_rows(path):
        yield number, row if isinstance(row, Broken) else share_record(row)


def is_url(value: str) -> bool:
    """Whether a CooRTweet object is a URL (else it is a post id, hashtag or other token)."""
    return _URL.match(value) is not None


def share_record(row: dict[str, str]) -> Record | Broken:
    """One share (a row of the log) as a ``posts`` record."""
    missing = [name for name in REQUIRED if name not in row]
    if missing:
        return Broken("a column of CooRTweet's sharing log is missing", missing[0])
    try:
        created_at = epoch_iso(row["timestamp_share"])
    except ValueError:
        return Broken("expected UNIX epoch seconds", "timestamp_share")
    shared = row["object_id"].strip()
    record: Record = {}
    for name, value in row.items():
        if name in REQUIRED:
            continue
        if name == "mentions":
            record[name] = value.split()
        else:
            record[f"source_{name}" if name in _FILLED else name] = value
    record.update(
        {
            "post_id": row["content_id"],
            "account_id": row["account_id"],
            "created_at": created_at,
            "links": [shared] if shared and is_url(shared) else [],
            "reshare_of": shared if shared and not is_url(shared) else None,
            "object_id": shared or None,
        }
    )
    return record
