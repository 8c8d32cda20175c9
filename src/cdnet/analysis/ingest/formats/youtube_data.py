"""YouTube Data API v3 responses (videos, search results, comment threads) -> ``posts``.

Reads list responses as the API returns them (``{"kind": "youtube#videoListResponse", "items":
[...]}``, also ``youtube#searchListResponse``, ``youtube#commentThreadListResponse`` and
``youtube#commentListResponse``) in a ``.json`` file (one page, or a JSON array of pages, streamed
page by page), and JSON Lines with one response or one resource a line.

Item numbers: in JSON Lines the line number (the posts of one response share it); in a ``.json``
file the position of the post among all posts of the file (1-based).

Videos (``youtube#video``, and ``youtube#searchResult`` with ``id.videoId``): ``post_id`` = the
video id, ``account_id`` = ``snippet.channelId``, ``account_name`` = ``snippet.channelTitle``,
``created_at`` = ``snippet.publishedAt``, ``text`` = title, a blank line, description; ``url`` =
``https://www.youtube.com/watch?v=<id>``, ``links`` = URLs written in the description, ``lang`` =
``snippet.defaultAudioLanguage`` else ``defaultLanguage``. Extra columns: ``title``, ``tags``,
``view_count``, ``like_count``, ``comment_count``, ``duration``. Search results for channels or
playlists are not posts and are passed over.

Comments (the top-level comment and the replies of a ``youtube#commentThread``, or a
``youtube#comment``): ``post_id`` = the comment id, ``account_id`` =
``snippet.authorChannelId.value``, ``account_name`` = ``authorDisplayName``, ``text`` =
``textOriginal`` (else ``textDisplay``), ``links`` = URLs in it, ``url`` = the video URL with
``&lc=<comment id>``; extra ``reply_to`` = the video id for a top-level comment and the parent
comment id for a reply, extra ``video_id`` and ``like_count``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from cdnet.analysis.ingest.formats.base import Broken, Item, Record, base_name, head
from cdnet.analysis.ingest.formats.export_helpers import json_items, urls_in_text

NAME = "youtube-data"
TABLE = "posts"

_SUFFIXES = (".json", ".jsonl", ".ndjson")
_WATCH = "https://www.youtube.com/watch?v="


def sniff(path: Path) -> bool:
    """A JSON (Lines) file whose first bytes name a YouTube API resource kind."""
    if not base_name(path).endswith(_SUFFIXES):
        return False
    text = head(path).lstrip()
    return text.startswith(("{", "[")) and '"youtube#' in text and '"post_id"' not in text


def records(path: Path) -> Iterator[Item]:
    """The videos and comments of ``path`` as ``posts`` records."""
    yield from json_items(path, _items)


def _items(obj: Any) -> Iterator[Record | Broken]:
    """The posts of a list response, or of the one resource ``obj`` is."""
    if not isinstance(obj, dict):
        yield Broken("expected a YouTube Data API response or resource (a JSON object)")
        return
    if isinstance(obj.get("items"), list):
        for item in obj["items"]:
            yield from _resource(item)
    elif isinstance(obj.get("error"), dict):
        message = obj["error"].get("message") or obj["error"].get("code")
        yield Broken(f"the API returned an error instead of items: {message}", "error")
    elif "items" in obj or str(obj.get("kind", "")).endswith("ListResponse"):
        return  # an empty page
    else:
        yield from _resource(obj)


def _resource(item: Any) -> Iterator[Record | Broken]:
    if not isinstance(item, dict):
        yield Broken("expected a resource object", "items")
        return
    kind = item.get("kind")
    if kind == "youtube#video":
        yield video_record(item, item.get("id"))
    elif kind == "youtube#searchResult":
        found = item.get("id")
        if isinstance(found, dict) and found.get("videoId"):
            yield video_record(item, found["videoId"])
    elif kind == "youtube#commentThread":
        yield from _thread(item)
    elif kind == "youtube#comment":
        yield comment_record(item)
    else:
        yield Broken(f"expected a video, search result or comment, not {kind!r}", "kind")


def _section(obj: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    found = obj.get(name)
    return found if isinstance(found, dict) else {}


def video_record(video: Mapping[str, Any], video_id: object) -> Record:
    """One video (or video search result) as a ``posts`` record."""
    snippet, stats = _section(video, "snippet"), _section(video, "statistics")
    title, description = snippet.get("title"), snippet.get("description")
    text = "\n\n".join(part for part in (title, description) if isinstance(part, str) and part)
    return {
        "post_id": video_id,
        "account_id": snippet.get("channelId"),
        "created_at": snippet.get("publishedAt"),
        "text": text or None,
        "platform": "youtube",
        "account_name": snippet.get("channelTitle"),
        "url": f"{_WATCH}{video_id}" if video_id else None,
        "links": urls_in_text(description),
        "lang": snippet.get("defaultAudioLanguage") or snippet.get("defaultLanguage"),
        "title": title,
        "tags": snippet.get("tags"),
        "view_count": stats.get("viewCount"),
        "like_count": stats.get("likeCount"),
        "comment_count": stats.get("commentCount"),
        "duration": _section(video, "contentDetails").get("duration"),
    }


def _thread(thread: Mapping[str, Any]) -> Iterator[Record | Broken]:
    snippet = _section(thread, "snippet")
    top = snippet.get("topLevelComment")
    if not isinstance(top, dict):
        yield Broken("expected a comment thread with a topLevelComment", "topLevelComment")
        return
    yield comment_record(top, snippet.get("videoId"))
    replies = _section(thread, "replies").get("comments")
    for reply in replies if isinstance(replies, list) else []:
        if isinstance(reply, dict):
            yield comment_record(reply, snippet.get("videoId"))


def comment_record(comment: Mapping[str, Any], video_id: object = None) -> Record:
    """One comment as a ``posts`` record; ``reply_to`` is its parent comment, else its video."""
    snippet = _section(comment, "snippet")
    video_id = snippet.get("videoId") or video_id
    comment_id = comment.get("id")
    text = snippet.get("textOriginal") or snippet.get("textDisplay")
    url = f"{_WATCH}{video_id}&lc={comment_id}" if video_id and comment_id else None
    return {
        "post_id": comment_id,
        "account_id": _section(snippet, "authorChannelId").get("value"),
        "created_at": snippet.get("publishedAt"),
        "text": text,
        "platform": "youtube",
        "account_name": snippet.get("authorDisplayName"),
        "url": url,
        "links": urls_in_text(text),
        "reply_to": snippet.get("parentId") or video_id,
        "video_id": video_id,
        "like_count": snippet.get("likeCount"),
    }
