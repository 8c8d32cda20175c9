"""Telegram Desktop export (``result.json``, machine-readable JSON) -> ``posts``.

Reads one chat (``{"name", "type", "id", "messages": [...]}``) or a full export (chats under
``chats.list``, and ``left_chats.list``). Only messages of type ``message`` become posts;
``service`` messages (joins, pins, calls) are skipped.

Item numbers are the position of a message among all messages of the file, service messages
included (1-based), in the order of the file. The file is streamed (see
:mod:`~cdnet.analysis.ingest.formats.jsonstream`): memory holds one message at a time, plus any
other top-level section (contacts, sessions) while it is skipped. A chat's ``name``, ``type`` and
``id`` must come before its ``messages``, as Telegram Desktop writes them.

Mapping: ``post_id`` = ``<chat id>/<message id>``, ``account_id`` = ``from_id`` (for channel
posts without one, ``channel<chat id>``), ``account_name`` = ``from`` (else the chat's name),
``created_at`` from ``date_unixtime`` (UTC) or else ``date`` (no offset: read as UTC, warned),
``text`` = the text (an array of strings and entity objects is joined), ``links`` =
``text_entities`` of type ``link`` (their text) and ``text_link`` (their ``href``), ``mentions`` =
entities of type ``mention`` without the ``@``. Extra columns: ``chat_id``, ``chat_name``,
``forwarded_from`` (the original author's name), ``forwarded_from_id`` (when the export has it),
``reply_to`` (``<chat id>/<message id>``), ``photo``, ``file`` and ``media_type`` (paths relative to
the export folder).

Forwards: the export names who a forward came from (``forwarded_from``, ``forwarded_from_id`` in
newer exports, ``saved_from`` for saved messages) but not the original message's id. So that
co-reshare detection can group the forwards of one original, ``reshare_of`` holds a stable key
standing for the original: ``fwd:<source>:<digest>``, where ``<source>`` is
``forwarded_from_id`` (else ``saved_from``, else the ``forwarded_from`` name) and ``<digest>``
is the first 16 hex digits of the SHA-256 of the forwarded content (the text, plus the media's
``media_type``, ``mime_type``, sizes and duration when the export gives them). Two forwards of
the same original, in any chat or export, get the same key; it is not a post id of the table.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cdnet.analysis.ingest.formats.base import Broken, Item, Record, base_name, head, open_text
from cdnet.analysis.ingest.formats.jsonstream import JsonStream
from cdnet.errors import BadInput

NAME = "telegram"
TABLE = "posts"

_MEDIA = ("photo", "file", "media_type")
#: Fields of a forwarded message that say what its media is (not where the export put it).
_MEDIA_IDENTITY = (
    "media_type",
    "mime_type",
    "photo_file_size",
    "file_size",
    "width",
    "height",
    "duration_seconds",
)


def sniff(path: Path) -> bool:
    """A ``.json`` file that starts like a Telegram Desktop export."""
    if not base_name(path).endswith(".json"):
        return False
    text = head(path).lstrip()
    if not text.startswith("{") or '"author_id"' in text:
        return False
    chat = '"messages"' in text and '"type"' in text and '"id"' in text
    full = '"about"' in text and "Telegram" in text
    return chat or full


def records(path: Path) -> Iterator[Item]:
    """The messages of ``path`` as ``posts`` records, read as the file streams by."""
    with open_text(path) as text:
        stream = JsonStream(text, str(path))
        if stream.peek() != "{":
            raise BadInput("expected a Telegram export (a JSON object)", file=str(path), row=1)
        found: list[bool] = []
        yield from _chat(stream, itertools.count(1), found, top=True)
    if not found:
        message = "expected a Telegram export with messages or chats.list"
        raise BadInput(message, file=str(path), row=1)


def _chat(
    stream: JsonStream, counter: Iterator[int], found: list[bool], *, top: bool = False
) -> Iterator[Item]:
    """The messages of the chat object (or, at the top, the full export) starting here."""
    chat: dict[str, Any] = {}
    for key in stream.keys():
        if key == "messages" and stream.peek() == "[":
            found.append(True)
            yield from _messages(stream, chat, counter)
        elif top and key in ("chats", "left_chats") and stream.peek() == "{":
            found.append(True)
            yield from _section(stream, counter, found)
        elif key in ("name", "type", "id"):
            chat[key] = stream.value()
        else:
            stream.value()  # not needed: decoded and dropped


def _section(stream: JsonStream, counter: Iterator[int], found: list[bool]) -> Iterator[Item]:
    for key in stream.keys():
        if key != "list" or stream.peek() != "[":
            stream.value()
            continue
        for _ in stream.items():
            if stream.peek() == "{":
                yield from _chat(stream, counter, found)
            else:
                stream.value()


def _messages(
    stream: JsonStream, chat: Mapping[str, Any], counter: Iterator[int]
) -> Iterator[Item]:
    for _ in stream.items():
        number = next(counter)
        message = stream.value()
        if not isinstance(message, dict):
            yield number, Broken("expected a message object")
        elif message.get("type", "message") == "message":
            yield number, message_record(message, chat)


def message_record(message: Mapping[str, Any], chat: Mapping[str, Any]) -> Record:
    """One message of ``chat`` as a ``posts`` record."""
    chat_id = chat.get("id")
    entities = message.get("text_entities")
    if not isinstance(entities, list):
        entities = [e for e in _as_parts(message.get("text")) if isinstance(e, dict)]
    reply = message.get("reply_to_message_id")
    text = _text(message.get("text"))
    record: Record = {
        "post_id": f"{chat_id}/{message.get('id')}",
        "account_id": _account(message, chat),
        "created_at": _created_at(message),
        "text": text,
        "platform": "telegram",
        "account_name": message.get("from") or chat.get("name"),
        "links": _links(entities),
        "reshare_of": forward_key(message, text),
        "mentions": [
            str(e.get("text", "")).lstrip("@")
            for e in entities
            if isinstance(e, dict) and e.get("type") == "mention" and e.get("text")
        ],
        "chat_id": chat_id,
        "chat_name": chat.get("name"),
        "forwarded_from": message.get("forwarded_from"),
        "forwarded_from_id": message.get("forwarded_from_id"),
        "reply_to": None if reply is None else f"{chat_id}/{reply}",
    }
    record.update({key: message.get(key) for key in _MEDIA})
    return record


def forward_key(message: Mapping[str, Any], text: str | None) -> str | None:
    """The key standing for the original of a forwarded message (None when not a forward)."""
    source = message.get("forwarded_from_id") or message.get("saved_from")
    source = source or message.get("forwarded_from")
    if not source:
        return None
    content = [text or "", *(message.get(key) for key in _MEDIA_IDENTITY)]
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()
    return f"fwd:{source}:{digest[:16]}"


def _account(message: Mapping[str, Any], chat: Mapping[str, Any]) -> object:
    if message.get("from_id"):
        return message["from_id"]
    if chat.get("id") is not None and "channel" in str(chat.get("type", "")):
        return f"channel{chat['id']}"
    return None


def _created_at(message: Mapping[str, Any]) -> object:
    unix = message.get("date_unixtime")
    if unix is not None:
        try:
            return datetime.fromtimestamp(int(str(unix)), UTC).isoformat()
        except (ValueError, OverflowError, OSError):
            return str(unix)
    return message.get("date")


def _as_parts(text: Any) -> list[Any]:
    return text if isinstance(text, list) else [text]


def _text(text: Any) -> str | None:
    if text is None:
        return None
    parts = _as_parts(text)
    joined = "".join(
        p if isinstance(p, str) else str(p.get("text", ""))
        for p in parts
        if isinstance(p, str | dict)
    )
    return joined or None


def _links(entities: list[Any]) -> list[str]:
    links: list[str] = []
    for entity in entities:
        if not isinstance(entity, dict):
            continue
        kind = entity.get("type")
        url = entity.get("href") if kind == "text_link" else entity.get("text")
        if kind in ("link", "text_link") and isinstance(url, str) and url and url not in links:
            links.append(url)
    return links
