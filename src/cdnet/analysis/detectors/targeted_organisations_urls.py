"""Profile links as tags: ``https://x.com/SomeDesk`` in a post names ``@SomeDesk`` on X.

People (and campaigns) often tag an account by pasting its profile address instead of an
``@handle``. A link to the profile itself counts; a link *into* it (a post, a photo, a share
dialog) does not: ``https://x.com/SomeDesk/status/1`` quotes the account, it does not tag it.
The handle is resolved on the link's platform, whatever platform the post is on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: After the handle: the end, a slash, a query or fragment, or the sentence's punctuation.
_END = r"(?=/?(?:[?#]|$|[\s)\]>\"',;:!]|\.(?:\s|$)))"
_HOST = r"(?:https?://)?(?:www\.|mobile\.|m\.|web\.)?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("x", re.compile(_HOST + r"(?:x|twitter)\.com/([A-Za-z0-9_]{1,50})" + _END, re.I)),
    ("facebook", re.compile(_HOST + r"(?:facebook|fb)\.com/([A-Za-z0-9.]{2,}?)" + _END, re.I)),
    ("instagram", re.compile(_HOST + r"instagram\.com/([A-Za-z0-9_.]{1,30}?)" + _END, re.I)),
    ("tiktok", re.compile(_HOST + r"tiktok\.com/@([A-Za-z0-9_.]{2,24}?)" + _END, re.I)),
    ("youtube", re.compile(_HOST + r"youtube\.com/@([\w.-]{3,30}?)" + _END, re.I)),
    ("bluesky", re.compile(_HOST + r"bsky\.app/profile/([A-Za-z0-9.-]{3,253}?)" + _END, re.I)),
    ("telegram", re.compile(_HOST + r"t(?:elegram)?\.me/([A-Za-z0-9_]{4,32})" + _END, re.I)),
)
#: First path segments that are pages of the platform, not accounts.
_RESERVED = frozenset(
    "home search explore hashtag intent share sharer settings messages notifications login "
    "signup compose i about help privacy tos watch groups events pages photo photos reel reels "
    "stories accounts marketplace gaming tv p s joinchat addstickers profile.php story.php "
    "permalink.php l.php sharer.php".split()
)


def profile_handles(texts: Iterable[str | None]) -> list[tuple[str, str]]:
    """(platform, handle) of every account profile linked in ``texts`` (text, link cells)."""
    found: list[tuple[str, str]] = []
    for text in texts:
        if not text or (".com/" not in text and ".app/" not in text and ".me/" not in text):
            continue
        for platform, pattern in _PATTERNS:
            for handle in pattern.findall(text):
                if handle.casefold() not in _RESERVED:
                    found.append((platform, handle))
    return found
