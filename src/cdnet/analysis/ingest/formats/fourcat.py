"""4CAT dataset exports (CSV, and NDJSON of the items as collected) -> ``posts``.

CSV (``.csv``, ``.csv.gz``): 4CAT's export, one normalised item a row, with at least ``id``,
``body`` and ``timestamp`` (``YYYY-MM-DD HH:MM:SS``, UTC) or ``unix_timestamp``, and usually
``thread_id`` and ``author``; the other columns depend on the data source. Item numbers are CSV
line numbers.

NDJSON (``.ndjson``, ``.jsonl``, optionally ``.gz``): one item a line as the data source stored
it. Items imported from Zeeschuimer carry ``__import_meta`` (its ``source_platform`` names the
platform); Zeeschuimer's own export, with the item under ``data``, is unwrapped the same way.
Read are: items already in the normalised shape (``id``, ``author``, ``body``, ``timestamp``),
tweets (``author_id``, ``text``: as the X API v2 importer reads them), Telegram messages of 4CAT's
Telegram source (``"_type": "Message"``) and TikTok videos captured with Zeeschuimer (``desc``,
``createTime``). Any other item is a broken item naming what was expected. Item numbers are line
numbers. See :mod:`~cdnet.analysis.ingest.formats.fourcat_items` for the mappings.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from cdnet.analysis.ingest.formats import x_api_v2
from cdnet.analysis.ingest.formats.base import Broken, Item, Record, base_name, head
from cdnet.analysis.ingest.formats.export_helpers import csv_header, csv_rows, json_items
from cdnet.analysis.ingest.formats.fourcat_items import (
    normalised_record,
    platform_of,
    telegram_record,
    tiktok_web_record,
)

NAME = "4cat"
TABLE = "posts"

_LINES = (".ndjson", ".jsonl")
_UNKNOWN = (
    "expected a 4CAT item: id, author, body and timestamp; a tweet (author_id, text); "
    "a Telegram message (_type Message); or a Zeeschuimer TikTok video (desc, createTime)"
)


def sniff(path: Path) -> bool:
    """A 4CAT CSV export (by its header) or NDJSON of 4CAT items (by their keys)."""
    name = base_name(path)
    if name.endswith(".csv"):
        header = set(csv_header(path))
        dated = bool({"timestamp", "unix_timestamp"} & header)
        return (
            {"id", "body"} <= header
            and dated
            and bool({"thread_id", "author"} & header)
            and ("post_id" not in header)
        )
    if not name.endswith(_LINES):
        return False
    text = head(path).lstrip()
    if not text.startswith("{") or '"post_id"' in text:
        return False
    imported = '"__import_meta"' in text or ('"source_platform"' in text and '"data"' in text)
    telethon = '"_type"' in text and '"Message"' in text and '"_chat"' in text
    flat = '"thread_id"' in text and '"body"' in text and '"id"' in text
    tweets = '"author_user"' in text and '"author_id"' in text  # 4CAT's X API v2 items
    return imported or telethon or flat or tweets


def records(path: Path) -> Iterator[Item]:
    """The items of ``path`` as ``posts`` records."""
    if base_name(path).endswith(".csv"):
        for number, row in csv_rows(path):
            yield number, row if isinstance(row, Broken) else normalised_record(row)
    else:
        yield from json_items(path, _items)


def _items(obj: Any) -> Iterator[Record | Broken]:
    if not isinstance(obj, dict):
        yield Broken("expected a 4CAT item (a JSON object)")
        return
    if isinstance(obj.get("data"), dict) and "source_platform" in obj:
        obj = {**obj["data"], "__import_meta": {k: v for k, v in obj.items() if k != "data"}}
    yield item_record(obj)


def item_record(item: Mapping[str, Any]) -> Record | Broken:
    """One NDJSON item, read by the shape it has."""
    meta = item.get("__import_meta")
    platform = platform_of(meta.get("source_platform")) if isinstance(meta, dict) else None
    if item.get("_type") == "Message":
        return telegram_record(item)
    if "author_id" in item and "text" in item:
        users = {}
        if isinstance(item.get("author_user"), dict):
            users[str(item["author_id"])] = item["author_user"]
        return x_api_v2.tweet_record(item, users)
    if "createTime" in item and "desc" in item:
        return tiktok_web_record(item)
    if "id" in item and ("body" in item or "author" in item):
        return normalised_record(item, platform)
    return Broken(_UNKNOWN)
