"""Readable text of an HTML page (stdlib ``html.parser``), for search and the evidence page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIP = {"script", "style", "noscript", "template", "svg", "head"}
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
    "p", "pre", "section", "table", "td", "th", "tr", "ul",
}  # fmt: skip
MAX_CHARS = 1_000_000


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in SKIP:
            self._skip += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def _tidy(text: str) -> str:
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html: str) -> tuple[str, str]:
    """``(title, text)`` of an HTML document; scripts, styles and the head are dropped."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    title = _tidy("".join(parser.title)).replace("\n", " ")
    return title, _tidy("".join(parser.parts))[:MAX_CHARS]


def charset_of(content_type: str, body: bytes) -> str:
    """The charset named by the Content-Type header or a ``<meta charset>``, else UTF-8."""
    found = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    if found:
        return found.group(1)
    meta = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", body[:4096], re.IGNORECASE)
    return meta.group(1).decode("ascii") if meta else "utf-8"


def decode(body: bytes, content_type: str = "") -> str:
    """``body`` as text in its declared charset (unknown charsets fall back to UTF-8)."""
    try:
        return body.decode(charset_of(content_type, body), errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")
