"""What a fetched page says: its state (available, removed, …), its content hash, its phrase.

**State.** 404 and 410 → removed; 451 → geo-restricted; a platform's "content unavailable"
phrase (``cdnet/data/recheck/unavailable.csv``) → the phrase's meaning; any other 2xx → available;
other status codes (403, 429, 5xx, …) → inconclusive (bot walls and outages are not takedowns);
no answer at all → error.

**Content hash.** SHA-256 of the body after normalisation, so that a page whose only difference
is volatile markup keeps its hash. For HTML and text, cdnet removes what changes on every load
without changing what readers see: ``<script>``, ``<style>`` and ``<template>`` elements (nonces,
tokens, tracking and inline state), HTML comments (build ids, timings), hidden ``<input>``
fields (CSRF tokens) and ``nonce``/``integrity``/``data-*`` attributes; then it collapses runs of
white space. Other content types (images, video, PDF) are hashed as received.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import html
import re
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlsplit

from cdnet.errors import BadInput
from cdnet.impact.models.recheck import RecheckState

MEANINGS = ("removed", "geo_restricted", "account_suspended", "unavailable")
_PLATFORM_HOSTS = {
    "x.com": "x",
    "twitter.com": "x",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "fb.watch": "facebook",
    "instagram.com": "instagram",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "tiktok.com": "tiktok",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "vk.com": "vk",
    "vk.ru": "vk",
}
_VOLATILE = [
    re.compile(r"<(script|style|template)\b[^>]*>.*?</\1\s*>", re.I | re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<input\b[^>]*type\s*=\s*[\"']?hidden[^>]*>", re.I),
    re.compile(r"\s(?:nonce|integrity|data-[\w-]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I),
]
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Phrase:
    platform: str
    language: str
    text: str
    meaning: str
    checked: str

    @property
    def key(self) -> str:
        return fold(self.text)


@dataclass(frozen=True)
class Verdict:
    state: str
    content_sha256: str = ""
    phrase: Phrase | None = None


def platform_of(url: str) -> str:
    """``x``, ``youtube``, … for a URL on a known platform's host, else ``""``."""
    host = (urlsplit(url).hostname or "").lower()
    for known, name in _PLATFORM_HOSTS.items():
        if host == known or host.endswith("." + known):
            return name
    return ""


def fold(text: str) -> str:
    """Case-folded text, apostrophes straightened, Cyrillic yo as ie, white space collapsed."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    return _SPACE.sub(" ", text.casefold().replace("\u0451", "\u0435")).strip()


def load_phrases(text: str, name: str = "unavailable.csv") -> tuple[Phrase, ...]:
    """Parse a phrase list; BadInput names the row and field of a bad entry."""
    phrases = []
    for row_no, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        if row.get("meaning") not in MEANINGS:
            raise BadInput(f"meaning must be one of {', '.join(MEANINGS)}", file=name,
                           row=row_no, field="meaning")  # fmt: skip
        if not (row.get("phrase") or "").strip():
            raise BadInput("the phrase is empty", file=name, row=row_no, field="phrase")
        phrases.append(
            Phrase(row["platform"].strip().lower(), row["language"].strip(),
                   row["phrase"].strip(), row["meaning"], row.get("checked", "").strip())
        )  # fmt: skip
    return tuple(phrases)


@functools.cache
def shipped_phrases() -> tuple[Phrase, ...]:
    data = resources.files("cdnet.data").joinpath("recheck/unavailable.csv")
    return load_phrases(data.read_text(encoding="utf-8"))


def _is_text(content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return not kind or kind.startswith("text/") or kind.endswith(("+xml", "/xml", "/json"))


def _charset(content_type: str) -> str:
    match = re.search(r"charset\s*=\s*[\"']?([\w.-]+)", content_type, re.I)
    return match.group(1) if match else "utf-8"


def decode(body: bytes, content_type: str) -> str:
    try:
        return body.decode(_charset(content_type), errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def normalised(body: bytes, content_type: str) -> bytes:
    """The bytes that are hashed (see the module's docstring)."""
    if not _is_text(content_type):
        return body
    text = decode(body, content_type)
    for pattern in _VOLATILE:
        text = pattern.sub(" ", text)
    return _SPACE.sub(" ", text).strip().encode("utf-8")


def content_hash(body: bytes, content_type: str) -> str:
    return hashlib.sha256(normalised(body, content_type)).hexdigest()


def find_phrase(body: bytes, content_type: str, platform: str,
                phrases: tuple[Phrase, ...]) -> Phrase | None:  # fmt: skip
    """The first phrase of ``platform`` (every platform's when unknown, plus ``*``) in the page.

    The page's text is read with its tags removed but scripts kept: many platforms put the
    message in a script's JSON."""
    if not _is_text(content_type) or not body:
        return None
    text = fold(html.unescape(_TAG.sub(" ", decode(body, content_type))))
    wanted = [p for p in phrases if not platform or p.platform in (platform, "*")]
    return next((p for p in wanted if p.key in text), None)


def classify(status: int | None, body: bytes, content_type: str, platform: str,
             phrases: tuple[Phrase, ...] | None = None) -> Verdict:  # fmt: skip
    """The verdict on one answer (``status`` None = no answer came back)."""
    if status is None:
        return Verdict(RecheckState.ERROR)
    digest = content_hash(body, content_type)
    if status in (404, 410):
        return Verdict(RecheckState.REMOVED, digest)
    if status == 451:
        return Verdict(RecheckState.GEO_RESTRICTED, digest)
    phrase = find_phrase(body, content_type, platform, phrases or shipped_phrases())
    if phrase is not None:
        return Verdict(phrase.meaning, digest, phrase)
    if 200 <= status < 300:
        return Verdict(RecheckState.AVAILABLE, digest)
    return Verdict(RecheckState.INCONCLUSIVE, digest)
