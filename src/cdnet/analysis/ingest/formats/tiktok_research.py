"""TikTok Research API video queries (``/v2/research/video/query/``) -> ``posts``.

Reads the responses as the API returns them (``{"data": {"videos": [...], "cursor", "has_more",
"search_id"}, "error": {"code", "message", "log_id"}}``) in a ``.json`` file (one page, or a JSON
array of pages, streamed page by page), and JSON Lines with one page or one video a line.

Item numbers: in JSON Lines the line number (the videos of one page share it); in a ``.json``
file the position of the video among all videos of the file (1-based).

Mapping: ``post_id`` = ``id``, ``account_id`` = ``username`` (the API gives no user id),
``created_at`` = ``create_time`` (UNIX epoch seconds, UTC), ``text`` = ``video_description``,
``url`` = ``https://www.tiktok.com/@<username>/video/<id>``, ``country`` = ``region_code``,
``links`` = the URLs written in the description, ``mentions`` = ``video_mention_list``. Every
other video field (``like_count``, ``hashtag_names``, ``music_id``, ``voice_to_text``, ...) is
kept as an extra column of its own name (lists as JSON arrays). A page whose ``error.code`` is not
``ok`` and that holds no videos is a broken item (``error``), so a failed request is not missed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from cdnet.analysis.ingest.formats.base import Broken, Item, Record, base_name, head
from cdnet.analysis.ingest.formats.export_helpers import epoch_iso, json_items, urls_in_text

NAME = "tiktok-research"
TABLE = "posts"

_SUFFIXES = (".json", ".jsonl", ".ndjson")
_VIDEO_KEYS = ('"video_description"', '"region_code"', '"hashtag_names"', '"music_id"')
#: Video fields the mapping uses; the others are kept under their own names.
_MAPPED = frozenset(
    {"id", "username", "create_time", "video_description", "region_code", "video_mention_list"}
)


def sniff(path: Path) -> bool:
    """A JSON (Lines) file whose first bytes look like Research API videos or pages."""
    if not base_name(path).endswith(_SUFFIXES):
        return False
    text = head(path).lstrip()
    if not text.startswith(("{", "[")) or '"post_id"' in text:
        return False
    page = '"videos"' in text and '"search_id"' in text
    video = '"create_time"' in text and any(key in text for key in _VIDEO_KEYS)
    return page or video


def records(path: Path) -> Iterator[Item]:
    """The videos of ``path`` as ``posts`` records."""
    yield from json_items(path, _items)


def _items(obj: Any) -> Iterator[Record | Broken]:
    """The videos of a page, or the one video ``obj`` is."""
    if not isinstance(obj, dict):
        yield Broken("expected a TikTok Research API page or video (a JSON object)")
        return
    data = obj.get("data")
    if isinstance(data, dict):
        videos = data.get("videos")
        for video in videos if isinstance(videos, list) else []:
            yield (
                video_record(video)
                if isinstance(video, dict)
                else Broken("expected a video object", "videos")
            )
        if not videos and (problem := _error(obj.get("error"))):
            yield Broken(problem, "error")
    elif "id" in obj or "create_time" in obj:
        yield video_record(obj)
    elif problem := _error(obj.get("error")):
        yield Broken(problem, "error")
    else:
        yield Broken("expected a TikTok Research API page (data.videos) or a video", "data")


def _error(error: Any) -> str | None:
    """Why the API refused the request, or None when ``error`` says ``ok`` (or is absent)."""
    if not isinstance(error, dict) or error.get("code") in (None, "ok"):
        return None
    message = error.get("message") or ""
    return f"the API returned an error instead of videos: {error.get('code')} {message}".strip()


def video_record(video: Mapping[str, Any]) -> Record | Broken:
    """One Research API video as a ``posts`` record."""
    try:
        created_at = epoch_iso(video.get("create_time"))
    except ValueError:
        return Broken("expected UNIX epoch seconds", "create_time")
    video_id, username = video.get("id"), video.get("username")
    url = None
    if video_id is not None and username:
        url = f"https://www.tiktok.com/@{username}/video/{video_id}"
    mentions = video.get("video_mention_list")
    record: Record = {
        "post_id": video_id,
        "account_id": username,
        "created_at": created_at,
        "text": video.get("video_description"),
        "platform": "tiktok",
        "account_name": username,
        "url": url,
        "links": urls_in_text(video.get("video_description")),
        "mentions": [str(m).lstrip("@") for m in mentions] if isinstance(mentions, list) else [],
        "country": video.get("region_code"),
    }
    extras = {k: v for k, v in video.items() if k not in _MAPPED and k not in record}
    record.update(extras)
    return record
