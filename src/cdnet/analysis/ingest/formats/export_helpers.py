"""Pieces several export formats share: JSON pages and lines, CSV rows, epochs, URLs in text.

* :func:`json_items` walks a ``.json`` document (one page, or a JSON array of pages, streamed
  page by page) or JSON Lines (one page or item a line) and hands each page to the format.
* :func:`csv_header` and :func:`csv_rows` read a CSV export as the canonical reader does (BOM,
  CRLF, quoted values spanning lines, cells of any size, row = the line the record starts on).
* :func:`epoch_iso` turns UNIX epoch seconds into ISO 8601 with ``Z``.
* :func:`urls_in_text` finds URLs in free text, defanged ones (``hxxps://example[.]com``) too;
  ingest refangs them afterwards like every ``links`` value.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cdnet.analysis.ingest.formats.base import Broken, Item, Record, base_name, head, open_text
from cdnet.analysis.ingest.formats.jsonstream import JsonStream
from cdnet.errors import BadInput

#: What a format makes of one page (or one item) of JSON.
PageReader = Callable[[Any], Iterator[Record | Broken]]

_CELL_LIMIT = 2**31 - 1  # the csv module's default (128 KiB) would turn long posts into errors
_URL = re.compile(r"(?i)\b(?:h(?:tt|xx)ps?|fxp|ftp)(?:://|\[://\]|\[:\]//|\[:/\]/)[^\s<>\"'`]+")
_TRAILING = ".,;:!?'\"\u00bb\u203a\u2026"
_PAIRS = {")": "(", "]": "[", "}": "{"}


def json_items(path: Path, page_items: PageReader) -> Iterator[Item]:
    """The records of a JSON (``.json``) or JSON Lines file, numbered as the docs say.

    ``.json``: item numbers count the items of the whole file (1-based); a top-level array is
    streamed one page at a time. JSON Lines: the line number.
    """
    if base_name(path).endswith(".json"):
        yield from _document(path, page_items)
    else:
        yield from _lines(path, page_items)


def _document(path: Path, page_items: PageReader) -> Iterator[Item]:
    counter = itertools.count(1)
    with open_text(path) as text:
        stream = JsonStream(text, str(path))
        if stream.peek() == "[":
            for _ in stream.items():
                for item in page_items(stream.value()):
                    yield next(counter), item
        else:
            for item in page_items(stream.value()):
                yield next(counter), item
        if stream.peek():
            raise stream.error("extra text after the JSON value")


def _lines(path: Path, page_items: PageReader) -> Iterator[Item]:
    with open_text(path) as text:
        for number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                yield number, Broken(f"not valid JSON: {getattr(exc, 'msg', exc)}")
                continue
            for item in page_items(obj):
                yield number, item


def first_line(path: Path) -> str:
    """The first line of ``path`` (BOM dropped), or '' when unreadable: for sniffers."""
    return head(path).partition("\n")[0].rstrip("\r")


def csv_header(path: Path) -> list[str]:
    """The column names in the first line of a CSV file (empty when unreadable)."""
    line = first_line(path)
    try:
        return [name.strip() for name in next(csv.reader([line]), [])]
    except csv.Error:
        return []


def csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str] | Broken]]:
    """The data rows of a CSV file as dicts keyed by the header, with their line numbers.

    A row with a different number of fields than the header, or one ``csv`` cannot parse, is
    :class:`Broken`. An empty file or a header naming a column twice raises ``BadInput``.
    """
    csv.field_size_limit(_CELL_LIMIT)
    with open_text(path) as text:
        reader = csv.reader(text, strict=True)
        header = [name.strip() for name in next(reader, [])]
        if not header:
            raise BadInput("the file is empty; expected a header row", file=str(path), row=1)
        if len(set(header)) != len(header):
            raise BadInput("the header names a column twice", file=str(path), row=1)
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader, None)
            except csv.Error as exc:
                yield start, Broken(f"broken row: {exc}")
                continue
            if row is None:
                return
            if not row:
                continue
            if len(row) != len(header):
                yield (
                    start,
                    Broken(f"expected {len(header)} fields as in the header, found {len(row)}"),
                )
                continue
            yield start, dict(zip(header, row, strict=True))


def epoch_iso(value: object) -> str | None:
    """UNIX epoch seconds (a number, or a string of one) as ISO 8601 UTC with ``Z``.

    None for an empty value; raises ``ValueError`` for anything else that is not a number.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(value)
    seconds = float(value) if not isinstance(value, int) else value
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError) as exc:
        raise ValueError(value) from exc
    return moment.isoformat().replace("+00:00", "Z")


def urls_in_text(text: object) -> list[str]:
    """The URLs written in ``text`` (also defanged ones), in order, each once."""
    if not isinstance(text, str):
        return []
    found: list[str] = []
    for match in _URL.finditer(text):
        url = _trim(match.group(0))
        if url not in found:
            found.append(url)
    return found


def _trim(url: str) -> str:
    """Drop punctuation that ends the sentence rather than the URL (and unbalanced brackets)."""
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last in _PAIRS and url.count(last) > url.count(_PAIRS[last]):
            url = url[:-1]
        else:
            break
    return url
