"""The 4CAT items cdnet reads: the normalised shape, and raw items of some data sources.

4CAT keeps each item as its data source collected it and normalises it (``map_item``) only for
its CSV export. :func:`normalised_record` reads that normalised shape (``id``, ``author``,
``body``, ``timestamp``, ...: a CSV row, or an NDJSON item already in it, such as 4chan posts).
The raw items of data sources cdnet has an importer for are read the way that importer reads
them: tweets of 4CAT's X/Twitter v2 source (:func:`x_api_v2.tweet_record`), Telegram messages as
4CAT's Telegram source stores them (Telethon objects, :func:`telegram_record`) and TikTok videos
captured with Zeeschuimer (:func:`tiktok_web_record`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from cdnet.analysis.ingest.formats.base import Broken, Record
from cdnet.analysis.ingest.formats.export_helpers import epoch_iso, urls_in_text
from cdnet.analysis.schema import POSTS

#: Hosts (a suffix of the item's URL host, or of Zeeschuimer's ``source_platform``) -> platform.
_PLATFORMS = {
    "x.com": "x",
    "twitter.com": "x",
    "tiktok.com": "tiktok",
    "t.me": "telegram",
    "telegram.org": "telegram",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "facebook.com": "facebook",
    "instagram.com": "instagram",
    "threads.net": "threads",
    "threads.com": "threads",
    "bsky.app": "bluesky",
    "linkedin.com": "linkedin",
    "truthsocial.com": "truthsocial",
    "gab.com": "gab",
    "vk.com": "vk",
    "4chan.org": "4chan",
    "4channel.org": "4chan",
    "reddit.com": "reddit",
    "tumblr.com": "tumblr",
    "pinterest.com": "pinterest",
    "9gag.com": "9gag",
    "imgur.com": "imgur",
    "douyin.com": "douyin",
    "xiaohongshu.com": "rednote",
}
_URL_COLUMNS = ("url", "link", "post_url", "tiktok_url", "comment_url", "permalink")
_LINK_COLUMNS = ("urls", "links", "link_url")
_NAME_COLUMNS = ("author_username", "author_fullname", "author_full", "author_name")
_DROPPED = frozenset({"id", "body", "timestamp", "unix_timestamp", *_URL_COLUMNS, *_LINK_COLUMNS})
_CANONICAL = frozenset(POSTS.columns)
_SPLIT = re.compile(r"[,\s]+")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
_MENTION = re.compile(r"(?<!\w)@(\w{2,})")


def platform_of(address: object) -> str | None:
    """The platform a URL (or a bare host such as ``tiktok.com``) belongs to, when known."""
    if not isinstance(address, str) or not address:
        return None
    try:
        host = urlsplit(address if "//" in address else f"//{address}").hostname or ""
    except ValueError:
        return None
    for suffix, platform in _PLATFORMS.items():
        if host == suffix or host.endswith(f".{suffix}"):
            return platform
    return None


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def _first(item: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        if (value := _text(item.get(name))) is not None:
            return value
    return None


def _created_at(item: Mapping[str, Any]) -> str | Broken | None:
    """``unix_timestamp`` (epoch), else ``timestamp`` (epoch, or 4CAT's UTC date and time)."""
    for name in ("unix_timestamp", "timestamp"):
        value = item.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, str) and _DATE_TIME.match(value.strip()):
            return value.strip().replace(" ", "T") + "Z"  # 4CAT writes UTC
        if isinstance(value, str) and "-" in value:
            return value  # another date format: ingest checks it
        try:
            return epoch_iso(value)
        except ValueError:
            return Broken("expected UNIX epoch seconds or YYYY-MM-DD HH:MM:SS (UTC)", name)
    return None


def _split(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v]
    return [part for part in _SPLIT.split(value) if part] if isinstance(value, str) else []


def _account_name(item: Mapping[str, Any], author_id: str | None) -> str | None:
    """``author_username``; else ``author`` when ``author_id`` holds the id; else a name."""
    if handle := _text(item.get("author_username")):
        return handle
    return _text(item.get("author")) if author_id else _first(item, _NAME_COLUMNS)


def normalised_record(item: Mapping[str, Any], platform: str | None = None) -> Record | Broken:
    """A 4CAT item in its normalised (CSV export) shape as a ``posts`` record."""
    created_at = _created_at(item)
    if isinstance(created_at, Broken):
        return created_at
    author_id = _text(item.get("author_id"))
    url = _first(item, _URL_COLUMNS)
    has_links = any(name in item for name in _LINK_COLUMNS)
    links = [v for n in _LINK_COLUMNS for v in _split(item.get(n))]
    record: Record = {
        "post_id": _text(item.get("id")),
        "account_id": author_id or _text(item.get("author")),
        "created_at": created_at,
        "text": _text(item.get("body")),
        "platform": platform or platform_of(url),
        "account_name": _account_name(item, author_id),
        "url": url,
        "links": list(dict.fromkeys(links)) if has_links else urls_in_text(item.get("body")),
        "mentions": [m.lstrip("@") for m in _split(item.get("mentions"))],
        "lang": _first(item, ("language_guess", "lang", "language")),
    }
    for name, value in item.items():
        if name in _DROPPED or name in ("mentions", "language_guess", "lang", "__import_meta"):
            continue
        record[f"4cat_{name}" if name in _CANONICAL else name] = value
    return record


def telegram_record(message: Mapping[str, Any]) -> Record | Broken:
    """A Telegram message as 4CAT's Telegram source stores it (a serialised Telethon Message).

    Ids follow cdnet's Telegram importer: ``post_id`` = ``<chat id>/<message id>``,
    ``account_id`` = ``user<id>`` or ``channel<id>``; a forwarded channel post gives
    ``reshare_of`` = ``<channel id>/<original message id>``.
    """
    chat, sender = _dict(message.get("_chat")), _dict(message.get("_sender"))
    chat_id = chat.get("id") or _dict(message.get("peer_id")).get("channel_id")
    try:
        created_at = epoch_iso(message.get("date"))
    except ValueError:
        return Broken("expected UNIX epoch seconds", "date")
    text = message.get("message") if isinstance(message.get("message"), str) else None
    forward = _dict(message.get("fwd_from"))
    origin = _dict(forward.get("from_id"))
    reply = _dict(message.get("reply_to")).get("reply_to_msg_id")
    reshare = None
    if origin.get("channel_id") and forward.get("channel_post"):
        reshare = f"{origin['channel_id']}/{forward['channel_post']}"
    return {
        "post_id": f"{chat_id}/{message.get('id')}",
        "account_id": _telegram_account(sender, chat_id),
        "created_at": created_at,
        "text": text,
        "platform": "telegram",
        "account_name": sender.get("username") or _full_name(sender) or chat.get("title"),
        "url": f"https://t.me/{chat['username']}/{message.get('id')}"
        if chat.get("username")
        else None,
        "links": _telegram_links(message, text),
        "reshare_of": reshare,
        "mentions": list(dict.fromkeys(_MENTION.findall(text or ""))),
        "chat_id": chat_id,
        "chat_name": chat.get("title") or chat.get("username"),
        "reply_to": None if reply is None else f"{chat_id}/{reply}",
        "forwarded_from_id": origin.get("channel_id") or origin.get("user_id"),
    }


def _dict(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _telegram_account(sender: Mapping[str, Any], chat_id: object) -> str | None:
    if sender.get("id") is not None:
        kind = "user" if sender.get("_type") == "User" else "channel"
        return f"{kind}{sender['id']}"
    return None if chat_id is None else f"channel{chat_id}"


def _full_name(sender: Mapping[str, Any]) -> str:
    parts = (sender.get("first_name"), sender.get("last_name"))
    return " ".join(p for p in parts if isinstance(p, str) and p)


def _telegram_links(message: Mapping[str, Any], text: str | None) -> list[str]:
    links = urls_in_text(text)
    entities = message.get("entities")
    for entity in entities if isinstance(entities, list) else []:
        if isinstance(entity, dict) and isinstance(entity.get("url"), str):
            links.append(entity["url"])
    page = _dict(_dict(message.get("media")).get("webpage")).get("url")
    if isinstance(page, str):
        links.append(page)
    return list(dict.fromkeys(links))


def tiktok_web_record(post: Mapping[str, Any]) -> Record | Broken:
    """A TikTok video captured from the web interface with Zeeschuimer."""
    author = post.get("author")
    if isinstance(author, dict):
        handle, name = author.get("uniqueId"), author.get("nickname")
    else:
        handle, name = author, post.get("nickname")
    try:
        created_at = epoch_iso(post.get("createTime"))
    except ValueError:
        return Broken("expected UNIX epoch seconds", "createTime")
    video_id = post.get("id")
    return {
        "post_id": video_id,
        "account_id": handle,
        "created_at": created_at,
        "text": post.get("desc"),
        "platform": "tiktok",
        "account_name": name or handle,
        "url": f"https://www.tiktok.com/@{handle}/video/{video_id}" if handle else None,
        "links": urls_in_text(post.get("desc")),
    }
