"""X API v2 responses -> ``posts``.

Reads JSON pages as the API returns them (``{"data": [...], "includes": {"users": [...]},
"meta": {...}}``, in a ``.json`` file, or a JSON array of such pages) and twarc2 JSON Lines (one
page a line, or one tweet a line with its ``author`` expanded, as ``twarc2 flatten`` writes).

Item numbers: in JSON Lines the line number (the tweets of one page share their line); in a
``.json`` file the position of the tweet among all tweets of the file (1-based; the included
tweets of a page count after the page's own). Both are streamed: JSON Lines line by line, a JSON
array of pages page by page (see :mod:`~cdnet.analysis.ingest.formats.jsonstream`); a ``.json``
file holding one page is read whole (an API page holds at most a few hundred tweets).

Mapping: ``post_id`` = ``id``, ``account_id`` = ``author_id``, ``account_name`` = the author's
``username`` (from ``includes.users`` or the expanded ``author``), ``url`` =
``https://x.com/<username>/status/<id>``, ``links`` = ``entities.urls[].unwound_url`` or else
``expanded_url`` (never the ``t.co`` short link), ``reshare_of`` = the ``referenced_tweets`` id
of type ``retweeted``, ``mentions`` = ``entities.mentions[].username``. Quotes and replies are
kept as the extra columns ``quote_of`` and ``reply_to``. A retweet's ``text`` is what the API
gives: ``RT @user: `` and the original's text, truncated (the full text is the original's own).

Included tweets: the tweets a page references (``includes.tweets``: the originals of retweets,
quotes and replies) are posts too, so that ``reshare_of`` resolves within the table. Each is
emitted once per file, after the tweets of the page that first includes it, with the extra
column ``included`` = ``"true"`` (empty for the page's own tweets). A tweet is emitted only the
first time its id is seen in the file, as a result or as an included tweet: an original the
file also holds as a result is not repeated. An included tweet without ``created_at`` or
``author_id`` (not requested in ``tweet.fields``/``expansions``) cannot be a post and is left
out. The ids seen are kept in memory (some 60 bytes a tweet).

Speed: ingest reads JSON Lines through :func:`raw_batches`, which lets Arrow flatten blocks of
pages (:mod:`~cdnet.analysis.ingest.formats.x_api_v2_arrow`) and falls back to the record path
above, block by block, for anything Arrow cannot map exactly; the rows are the same either way.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cdnet.analysis.ingest.convert import RawBatch
from cdnet.analysis.ingest.formats.base import (
    Broken,
    Item,
    Record,
    base_name,
    head,
    line_blocks,
    open_binary,
    open_text,
)
from cdnet.analysis.ingest.formats.jsonstream import JsonStream
from cdnet.analysis.ingest.formats.x_api_v2_arrow import flatten_block

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
    if '"__import_meta"' in text or '"author_user"' in text:
        return False  # tweets as 4CAT stores them: the 4cat format reads those
    return '"author_id"' in text and _TWEET_KEYS.search(text) is not None and '"text"' in text


def records(path: Path) -> Iterator[Item]:
    """The tweets of ``path`` (and the tweets its pages include) as ``posts`` records."""
    seen = _Seen()
    if base_name(path).endswith(".json"):
        yield from _document(path, seen)
    else:
        yield from _lines(path, seen)


class _Seen:
    """The tweet ids emitted so far in a file (as ints when numeric: smaller than strings)."""

    def __init__(self) -> None:
        self._ids: set[int | str] = set()

    def add(self, tweet_id: object) -> bool:
        """Remember ``tweet_id``; False when it was seen before (a tweet without id: True)."""
        if tweet_id is None:
            return True  # not a tweet we can match; validation will name it
        text = str(tweet_id)
        numeric = text.isascii() and text.isdigit() and len(text) <= 19 and text[0] != "0"
        key: int | str = int(text) if numeric else text
        if key in self._ids:
            return False
        self._ids.add(key)
        return True

    def keep(self, ids: list[str | None]) -> list[bool]:
        """:meth:`add` for each id in order: which tweets to keep."""
        return [self.add(tweet_id) for tweet_id in ids]


def _document(path: Path, seen: _Seen) -> Iterator[Item]:
    with open_text(path) as text:
        stream = JsonStream(text, str(path))
        counter = itertools.count(1)
        if stream.peek() != "[":
            for item in _items(stream.value(), seen):
                yield next(counter), item
            return
        for _ in stream.items():
            for item in _items(stream.value(), seen):
                yield next(counter), item


def _lines(path: Path, seen: _Seen) -> Iterator[Item]:
    with open_text(path) as text:
        yield from _numbered(enumerate(text, start=1), seen)


def _numbered(lines: Iterable[tuple[int, str]], seen: _Seen) -> Iterator[Item]:
    for number, line in lines:
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield number, Broken(f"not valid JSON: {getattr(exc, 'msg', exc)}")
            continue
        for item in _items(obj, seen):
            yield number, item


def raw_batches(path: Path) -> Iterator[RawBatch | Item]:
    """Like :func:`records`, but JSON Lines pages come as whole columns where Arrow can map them.

    Blocks of lines go through :func:`~.x_api_v2_arrow.flatten_block`; a block it declines is
    read line by line as :func:`records` does, so the rows are the same either way.
    """
    if base_name(path).endswith(".json"):
        yield from records(path)
        return
    seen = _Seen()
    with open_binary(path) as binary:
        for first, block in line_blocks(binary):
            batch = flatten_block(block, first, seen.keep, _is_tco)
            if batch is None:
                text = block.decode("utf-8")
                lines = text.split("\n")
                if text.endswith("\n"):
                    lines.pop()
                yield from _numbered(enumerate(lines, start=first), seen)
            elif batch.length:
                yield batch


def _items(obj: Any, seen: _Seen) -> Iterator[Record | Broken]:
    """The tweets of a page, then the tweets it includes; or the one tweet ``obj`` is."""
    if not isinstance(obj, dict):
        yield Broken("expected an X API v2 page or tweet (a JSON object)")
        return
    if "data" not in obj:
        if "id" in obj or "author_id" in obj:
            if seen.add(obj.get("id")):
                yield tweet_record(obj, {})
        elif "errors" not in obj:
            yield Broken("expected an X API v2 page (data, includes) or a tweet", "data")
        return
    data = obj["data"]
    tweets = data if isinstance(data, list) else [data]
    includes = obj.get("includes")
    users = _users(includes)
    for tweet in tweets:
        if not isinstance(tweet, dict):
            yield Broken("expected a tweet object", "data")
        elif seen.add(tweet.get("id")):
            yield tweet_record(tweet, users)
    for tweet in _included(includes):
        if seen.add(tweet["id"]):
            record = tweet_record(tweet, users)
            record["included"] = "true"
            yield record


def _included(includes: Any) -> list[Mapping[str, Any]]:
    """The page's ``includes.tweets`` that can be posts (an id, an author and a time)."""
    found = includes.get("tweets") if isinstance(includes, dict) else None
    if not isinstance(found, list):
        return []
    keys = ("id", "author_id", "created_at")
    return [t for t in found if isinstance(t, dict) and all(t.get(k) for k in keys)]


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
        "included": None,
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
    if "t.co" not in url.lower():
        return False  # the common case, without parsing the URL
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return False
    return host == "t.co"
