"""Snippets: a window of a document's text around the first match, matches in ``<mark>``.

Computed in Python from the stored body, so both engines show the same thing and the markup is
escaped here once (the template and the API get safe HTML).
"""

from __future__ import annotations

from django.utils.html import escape

from cdnet.search.folding import word_spans
from cdnet.search.parse import Query

WIDTH = 240


def _is_hit(word: str, exact: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    return word in exact or any(word.startswith(p) for p in prefixes)


def snippet(body: str, query: Query, width: int = WIDTH) -> str:
    """HTML: escaped text with the matching words in ``<mark>``, ``…`` where it was cut."""
    exact, prefixes = query.highlights()
    spans = [(s, e) for s, e, w in word_spans(body) if _is_hit(w, exact, prefixes)]
    start = 0
    if spans and spans[0][0] > width // 3:
        start = body.rfind(" ", 0, spans[0][0] - width // 3) + 1
    end = min(len(body), start + width)
    if end < len(body) and (cut := body.rfind(" ", start, end)) > start:
        end = cut
    parts = ["…"] if start > 0 else []
    position = start
    for s, e in spans:
        if s < start or e > end:
            continue
        parts += [escape(body[position:s]), "<mark>", escape(body[s:e]), "</mark>"]
        position = e
    parts.append(escape(body[position:end]))
    if end < len(body):
        parts.append("…")
    return "".join(parts).strip()
