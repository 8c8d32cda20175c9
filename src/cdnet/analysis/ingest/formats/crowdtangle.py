"""CrowdTangle historical-data CSV exports (Facebook pages and groups, Instagram) -> ``posts``.

Column names as CrowdTangle wrote them, checked against public parsers of these exports:
4CAT's importer (``digitalmethodsinitiative/4cat``, ``datasources/upload/import_formats.py``:
"Page Name"/"Group Name", "User Name", "Facebook Id", "Page Category", "Page Admin Top Country",
"Post Created" (``2021-03-01 10:00:00 EST``, a time zone abbreviation last), "Post Created Date",
"Post Created Time", "Type", "Total Interactions", "URL", "Message", "Link", "Final Link",
"Image Text", "Link Text", "Description", "Sponsor Id", "Overperforming Score ..."; Instagram:
"Account", "User Name", "Followers at Posting", "Post Created", "Description", "Photo",
"Title") and CooRnet (``fabiogiglietto/CooRnet``, ``R/get_urls_from_ct_histdata.R``: "Link",
"Final Link", "Link Text", "Post Created", "Type", "Message", "Description").

The file is streamed row by row (huge cells allowed, BOM and CRLF handled). Item numbers are the
line where a record starts, the header being line 1, as for canonical CSV.

Mapping: ``post_id`` is derived from "URL" (CrowdTangle's CSV has no post id column): the
``story_fbid``/``fbid`` query value, else the last numeric (or ``pfbid...``) path segment of a
Facebook URL, the shortcode of an Instagram ``/p/``, ``/reel/`` or ``/tv/`` URL, else the URL
itself. ``account_id`` = "Facebook Id", else "User Name" (or "Handle"); ``account_name`` = "Page
Name", "Group Name" or "Account"; ``created_at`` from "Post Created" with its zone abbreviation
turned into an offset (see ``ZONES``), else "Post Created Date" + "Post Created Time" (no
offset: read as UTC, warned); ``text`` = "Message", else "Description"; ``url`` = "URL";
``links`` = "Link" and "Final Link" (deduplicated, never the post's own URL); ``platform`` =
``instagram`` for instagram.com URLs or Instagram exports, else ``facebook``; ``country`` =
"Page Admin Top Country" when it is a two-letter code. Every other column (also "User Name" and
"Description") is kept as an extra string column named in snake case ("Page Category" ->
``page_category``).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cdnet.analysis.ingest.formats.base import Broken, Item, Record, base_name, head, open_text
from cdnet.analysis.ingest.refang import refang
from cdnet.errors import BadInput

NAME = "crowdtangle"
TABLE = "posts"

Row = dict[str, str]

#: Offsets of the time zone abbreviations CrowdTangle writes after "Post Created" (its
#: dashboard time zone). Ambiguous ones are read as CrowdTangle's users mostly meant them:
#: CST/CDT as US Central, IST as India.
ZONES: dict[str, str] = {
    "UTC": "+00:00", "GMT": "+00:00", "Z": "+00:00", "WET": "+00:00", "WEST": "+01:00",
    "BST": "+01:00", "IST": "+05:30", "CET": "+01:00", "CEST": "+02:00", "MET": "+01:00",
    "MEST": "+02:00", "EET": "+02:00", "EEST": "+03:00", "MSK": "+03:00", "TRT": "+03:00",
    "EST": "-05:00", "EDT": "-04:00", "CST": "-06:00", "CDT": "-05:00", "MST": "-07:00",
    "MDT": "-06:00", "PST": "-08:00", "PDT": "-07:00", "AKST": "-09:00", "AKDT": "-08:00",
    "HST": "-10:00", "AST": "-04:00", "ADT": "-03:00", "NST": "-03:30", "NDT": "-02:30",
    "BRT": "-03:00", "ART": "-03:00", "JST": "+09:00", "KST": "+09:00", "HKT": "+08:00",
    "SGT": "+08:00", "PHT": "+08:00", "WIB": "+07:00", "ICT": "+07:00", "PKT": "+05:00",
    "AEST": "+10:00", "AEDT": "+11:00", "ACST": "+09:30", "ACDT": "+10:30", "AWST": "+08:00",
    "NZST": "+12:00", "NZDT": "+13:00", "SAST": "+02:00", "WAT": "+01:00", "CAT": "+02:00",
    "EAT": "+03:00",
}  # fmt: skip

_MARKERS = frozenset(
    {
        "Facebook Id",
        "Page Admin Top Country",
        "Followers at Posting",
        "Likes at Posting",
        "Total Interactions",
        "Post Created",
        "Post Created Date",
        "Overperforming Score",
    }
)
_CREATED = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})$"
)
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_INSTAGRAM_PATH = re.compile(r"^/(?:[^/]+/)?(?:p|reel|reels|tv)/([^/?#]+)")
_SEGMENT = re.compile(r"^(?:\d+|pfbid\w+)$")
_CONSUMED = frozenset(
    {
        "URL", "Facebook Id", "Page Name", "Group Name", "Account", "Post Created", "Created",
        "Post Created Date", "Post Created Time", "Message", "Link", "Final Link",
        "Page Admin Top Country", "Language", "lang",
    }
)  # fmt: skip
_CANONICAL = frozenset(
    {"post_id", "account_id", "created_at", "text", "platform", "account_name", "url", "links"}
    | {"reshare_of", "mentions", "lang", "country"}
)


def sniff(path: Path) -> bool:
    """A CSV file whose header has at least two of CrowdTangle's own column names."""
    header = csv_header(path)
    if header is None or "post_id" in header:
        return False
    named = {name.split(" (")[0] for name in header}
    return len(named & _MARKERS) >= 2


def csv_header(path: Path) -> list[str] | None:
    """The header of a ``.csv`` (``.csv.gz``) file from its first bytes, or None."""
    if not base_name(path).endswith(".csv"):
        return None
    text = head(path)
    if not text:
        return None
    try:
        return [name.strip() for name in next(csv.reader(io.StringIO(text)), [])]
    except csv.Error:
        return None


def csv_rows(path: Path) -> Iterator[tuple[int, Row | Broken]]:
    """The rows of a CSV file as ``{column: cell}`` with the line each starts on.

    Streams the file; cells of any size are accepted. A row with the wrong number of cells, or
    that the CSV parser rejects, comes back as :class:`Broken` naming the column concerned.
    """
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with open_text(path) as text:
        reader = csv.reader(text, strict=True)
        try:
            first = next(reader, None)
        except csv.Error as exc:
            raise BadInput(f"broken header: {exc}", file=str(path), row=1) from None
        if first is None:
            raise BadInput("the file is empty; expected a header row", file=str(path), row=1)
        header = _checked_header([name.strip() for name in first], path)
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader, None)
            except csv.Error as exc:
                yield start, Broken(f"broken row: {exc}")
                continue
            if cells is None:
                return
            if cells:
                yield start, _row(header, cells)


def _checked_header(header: list[str], path: Path) -> list[str]:
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if not name:
            raise BadInput(f"column {position} of the header has no name", file=str(path), row=1)
        if name in seen:
            raise BadInput("the header names this column twice", file=str(path), row=1, field=name)
        seen.add(name)
    return header


def _row(header: list[str], cells: list[str]) -> Row | Broken:
    if len(cells) == len(header):
        return dict(zip(header, cells, strict=True))
    found = f"expected {len(header)} cells as in the header, found {len(cells)}"
    if len(cells) < len(header):
        return Broken(found, header[len(cells)])
    return Broken(f"{found} (a cell after the last column)", header[-1])


def records(path: Path) -> Iterator[Item]:
    """The rows of a CrowdTangle export as ``posts`` records."""
    names: dict[str, str] = {}
    for number, row in csv_rows(path):
        if isinstance(row, Broken):
            yield number, row
            continue
        if not names:
            names = extra_names(row, _CONSUMED, _CANONICAL, prefix="ct_")
        yield number, post_record(row, names)


def post_record(row: Row, extras: Mapping[str, str]) -> Record | Broken:
    """One CrowdTangle row as a ``posts`` record (``extras`` maps columns to kept names)."""
    url = first_cell(row, "URL")
    if url is None:
        return Broken("a post needs its URL: cdnet derives post_id from it", "URL")
    created = _created_at(row)
    if isinstance(created, Broken):
        return created
    record: Record = {
        "post_id": post_id(url),
        "account_id": first_cell(row, "Facebook Id", "User Name", "Handle"),
        "created_at": created,
        "text": first_cell(row, "Message", "Description"),
        "platform": _platform(row, url),
        "account_name": first_cell(row, "Page Name", "Group Name", "Account"),
        "url": url,
        "links": _links(row, url),
        "lang": first_cell(row, "Language", "lang"),
        "country": _country(first_cell(row, "Page Admin Top Country")),
    }
    record.update({name: row.get(column) for column, name in extras.items()})
    return record


def post_id(url: str) -> str:
    """The stable id of a post from its Facebook or Instagram URL (the URL when none is found)."""
    clean = refang(url)
    try:
        parts = urlsplit(clean if "//" in clean else f"https://{clean}")
    except ValueError:
        return clean
    if _host(clean).endswith("instagram.com"):
        found = _INSTAGRAM_PATH.match(parts.path)
        return found.group(1) if found else clean
    query = parse_qs(parts.query)
    for key in ("story_fbid", "fbid", "v"):
        if query.get(key) and query[key][0].strip():
            return query[key][0].strip()
    segments = [s for s in parts.path.split("/") if s]
    for segment in reversed(segments):
        if _SEGMENT.match(segment):
            return segment
    return clean


def _created_at(row: Row) -> str | Broken | None:
    value = first_cell(row, "Post Created", "Created")
    if value is None:
        date, time = first_cell(row, "Post Created Date"), first_cell(row, "Post Created Time")
        return f"{date} {time}" if date and time else date
    found = _CREATED.match(value)
    if found is None:
        return value  # ISO 8601 already, or wrong: the shared timestamp check says which
    date, time, zone = found.groups()
    stamp = f"{date} {time.zfill(len(time) + 1) if time[1] == ':' else time}"
    offset = zone if zone[0] in "+-" else ZONES.get(zone.upper())
    if offset is None:
        known = ", ".join(sorted(ZONES))
        return Broken(f"unknown time zone {zone!r} in {value!r}; known: {known}", "Post Created")
    return f"{stamp}{offset}"


def _platform(row: Row, url: str) -> str:
    if _host(url).endswith("instagram.com"):
        return "instagram"
    instagram = "Account" in row and "Facebook Id" not in row and "Page Name" not in row
    return "instagram" if instagram else "facebook"


def _host(url: str) -> str:
    clean = refang(url)
    try:
        return (urlsplit(clean if "//" in clean else f"https://{clean}").hostname or "").lower()
    except ValueError:
        return ""


def _links(row: Row, url: str) -> list[str]:
    own = refang(url).rstrip("/")
    links: list[str] = []
    for column in ("Link", "Final Link"):
        value = first_cell(row, column)
        if value and refang(value).rstrip("/") != own and value not in links:
            links.append(value)
    return links


def _country(value: str | None) -> str | None:
    return value.upper() if value and _COUNTRY.match(value) else None


def first_cell(row: Mapping[str, str], *columns: str) -> str | None:
    """The first non-empty cell among ``columns``, stripped (None when all are empty)."""
    for column in columns:
        value = row.get(column)
        if value is not None and value.strip():
            return value.strip()
    return None


def extra_names(
    row: Mapping[str, str], consumed: frozenset[str], canonical: frozenset[str], prefix: str
) -> dict[str, str]:
    """Kept columns and their snake-case names; ``prefix`` avoids canonical names and clashes.

    A parenthesised note is dropped from the name but for its first word when the short name is
    taken: "Total Interactions (weighted - Likes 1x ...)" -> ``total_interactions_weighted``.
    """
    names: dict[str, str] = {}
    for column in row:
        if column in consumed:
            continue
        short, _, note = column.partition(" (")
        name = snake(short) or snake(column)
        if name in names.values() and note:
            name = f"{name}_{snake(note).split('_')[0]}".rstrip("_")
        if name in canonical or name in names.values():
            name = prefix + snake(column)
        names[column] = name
    return names


def snake(text: str) -> str:
    """``"Is Video Owner?"`` -> ``is_video_owner``; ``post_owner.id`` -> ``post_owner_id``."""
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")
