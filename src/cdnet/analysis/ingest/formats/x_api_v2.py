"""X API v2 responses -> ``posts``.

Reads JSON pages as the API returns them (``{"data": [...], "includes": {"users": [...]},
"meta": {...}}``, in a ``.json`` file, or a JSON array of such pages) and twarc2 JSON Lines (one
page a line, or one tweet a line with its ``author`` expanded, as ``twarc2 flatten`` writes).

Item numbers: in JSON Lines the line number (the tweets of one page share their line); in a
``.json`` file the position of the tweet among all tweets of the file (1-based). A ``.json`` file
is held in memory whole (API pages hold at most a few hundred tweets); JSON Lines are streamed.

Mapping: ``post_id`` = ``id``, ``account_id`` = ``author_id``, ``account_name`` = the author's
``username`` (from ``includes.users`` or the expanded ``author``), ``url`` =
``https://x.com/<username>/status/<id>``, ``links`` = ``entities.urls[].unwound_url`` or else
``expanded_url`` (never the ``t.co`` short link), ``reshare_of`` = the ``referenced_tweets`` id
of type ``retweeted``, ``mentions`` = ``entities.mentions[].username``. Quotes and replies are
kept as the extra columns ``quote_of`` and ``reply_to``; the referenced tweets in
``includes.tweets`` are not emitted as posts of their own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cdnet.analysis.ingest.formats.base import Broken, Item, Record, base_name, head, open_text
from cdnet.errors import BadInput

NAME = "x-api-v2"
TABLE = "posts"

_SUFFIXES = (".json", ".jsonl", ".ndjson")
_TWEET_KEYS = re.compile(r'"(author_id|edit_history_tweet_ids|__twarc)"')


def sniff(path: Path) -> bool:
    """A JSON (Lines) file whose first bytes look like X API v2 tweets."""
    if not base_name(path).endswith(_SUFFIXES):
        return False
    text = head(path).lstrip()
    if not text.startswith(("{", "[")) or '"post_id"' in text:
        return False
    return '"author_id"' in text and _TWEET_KEYS.search(text) is not None and '"text"' in text


def records(path: Path) -> Iterator[Item]:
    """The tweets of ``path`` as ``posts`` records."""
    if base_name(path).endswith(".json"):
        yield from _document(path)
    else:
        yield from _lines(path)


def _document(path: Path) -> Iterator[Item]:
    with open_text(path) as text:
        try:
            document = json.load(text)
        except json.JSONDecodeError as exc:
            raise BadInput(f"not valid JSON: {exc.msg}", file=str(path), row=exc.lineno) from None
    pages = document if isinstance(document, list) else [document]
    number = 0
    for page in pages:
        for item in _items(page):
            number += 1
            yield number, item


def _lines(path: Path) -> Iterator[Item]:
    with open_text(path) as text:
        for number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                yield number, Broken(f"not valid JSON: {getattr(exc, 'msg', exc)}")
                continue
            for item in _items(obj):
                yield number, item


def _items(obj: Any) -> Iterator[Record | Broken]:
    """The tweets of a page, or the one tweet ``obj`` is."""
    if not isinstance(obj, dict):
        yield Broken("expected an X API v2 page or tweet (a JSON object)")
        return
    if "data" not in obj:
        if "id" in obj or "author_id" in obj:
            yield tweet_record(obj, {})
        elif "errors" not in obj:
            yield Broken("expected an X API v2 page (data, includes) or a tweet", "data")
        return
    data = obj["data"]
    tweets = data if isinstance(data, list) else [data]
    users = _users(obj.get("includes"))
    for tweet in tweets:
        yield (
            tweet_record(tweet, users)
            if isinstance(tweet, dict)
            else Broken("expected a tweet object", "data")
        )


def _users(includes: Any) -> dict[str, Mapping[str, Any]]:
    if not isinstance(includes, dict) or not isinstance(includes.get("users"), list):
        return {}
    return {str(u.get("id")): u for u in includes["users"] if isinstance(u, dict)}


def tweet_record(tweet: Mapping[str, Any], users: Mapping[str, Mapping[str, Any]]) -> Record:
    """One tweet as a ``posts`` record."""
    author_id = tweet.get("author_id")
    author = tweet.get("author")
    if not isinstance(author, dict):
        author = users.get(str(author_id), {})
    username = author.get("username")
    tweet_id = tweet.get("id")
    found = tweet.get("entities")
    entities: Mapping[str, Any] = found if isinstance(found, dict) else {}
    referenced = _referenced(tweet.get("referenced_tweets"))
    status = f"{username}/status" if username else "i/web/status"
    return {
        "post_id": tweet_id,
        "account_id": author_id if author_id is not None else author.get("id"),
        "created_at": tweet.get("created_at"),
        "text": tweet.get("text"),
        "platform": "x",
        "account_name": username,
        "url": f"https://x.com/{status}/{tweet_id}" if tweet_id is not None else None,
        "links": _links(entities),
        "reshare_of": referenced.get("retweeted"),
        "mentions": _values(entities, "mentions", "username"),
        "lang": tweet.get("lang"),
        "quote_of": referenced.get("quoted"),
        "reply_to": referenced.get("replied_to"),
    }


def _referenced(value: Any) -> dict[str, str]:
    if not isinstance(value, list):
        return {}
    return {
        str(ref.get("type")): str(ref.get("id"))
        for ref in value
        if isinstance(ref, dict) and ref.get("id") is not None
    }


def _values(entities: Mapping[str, Any], kind: str, key: str) -> list[str]:
    found = entities.get(kind)
    if not isinstance(found, list):
        return []
    return [str(e[key]) for e in found if isinstance(e, dict) and e.get(key)]


def _links(entities: Mapping[str, Any]) -> list[str]:
    """Expanded URLs (unwound when X gives them); never the t.co short link."""
    links: list[str] = []
    urls = entities.get("urls")
    for entry in urls if isinstance(urls, list) else []:
        if not isinstance(entry, dict):
            continue
        url = entry.get("unwound_url") or entry.get("expanded_url")
        if isinstance(url, str) and url and not _is_tco(url) and url not in links:
            links.append(url)
    return links


def _is_tco(url: str) -> bool:
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return False
    return host == "t.co"
