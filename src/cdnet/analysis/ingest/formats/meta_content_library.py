"""Meta Content Library CSV exports of Facebook and Instagram posts -> ``posts``.

Column names follow Meta's data dictionary for the Content Library and its API
(https://developers.facebook.com/docs/content-library-and-api/appendix/data-dictionary, sections
"Facebook post" and "Instagram post": ``id``, ``text``, ``creation_time``, ``modified_time``,
``lang``, ``post_owner.type|id|name|username``, ``surface.type|id|name``, ``shared_post_id``,
``is_branded_content``, ``content_type``, ``link_attachment.link``, ``statistics.*``,
``multimedia``, ``match_type``) and the CSV header the Content Library writes, as parsed by
``fabiogiglietto/csds-preprocessor`` (``src/types/index.ts``: the same names flattened with dots,
plus ``mcl_url``). Facebook exports carry ``surface.*`` columns; Instagram exports do not.

Mapping: ``post_id`` = ``id``; ``account_id`` = ``post_owner.id`` (else ``surface.id``);
``account_name`` = ``post_owner.name`` (else ``post_owner.username``, ``surface.name``);
``created_at`` = ``creation_time`` (Unix seconds are accepted too; a value without an offset is
read as UTC and warned about, as everywhere); ``text`` = ``text``; ``links`` =
``link_attachment.link`` (also under its API names ``link_attachment_fields.link`` and
``link_attachment.url``); ``reshare_of`` = ``shared_post_id``; ``lang`` = ``lang``; ``country`` =
the first two-letter code of a page admin country column when the export has one (see
``COUNTRY_COLUMNS``); ``platform`` = ``instagram`` when ``post_owner.type`` is an Instagram
account type (business, creator, personal) or the file has no ``surface.*`` column, else
``facebook``. ``url`` stays empty: Meta gives no public post URL (``mcl_url``, the Content
Library's own link, is kept). Every other column is kept as an extra string column, its name in
snake case (``statistics.views`` -> ``statistics_views``).

The file is streamed; item numbers are the line where a record starts (header = line 1).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

from cdnet.analysis.ingest.formats.base import Broken, Item, Record
from cdnet.analysis.ingest.formats.crowdtangle import (
    Row,
    csv_header,
    csv_rows,
    extra_names,
    first_cell,
)

NAME = "meta-content-library"
TABLE = "posts"

#: Columns that may hold the country of a page's admins (not in every export: Meta lists it
#: under Pages and profiles, ``page_transparency``/``profile_transparency.admin_countries``).
COUNTRY_COLUMNS = (
    "page_admin_country",
    "admin_country",
    "post_owner.page_admin_country",
    "post_owner.admin_countries",
    "page_transparency.admin_countries",
    "profile_transparency.admin_countries",
    "admin_countries",
)
_LINK_COLUMNS = ("link_attachment.link", "link_attachment_fields.link", "link_attachment.url")
_INSTAGRAM_OWNERS = frozenset({"business", "creator", "personal"})
_FACEBOOK_OWNERS = frozenset({"page", "profile", "group", "event"})
_CODE = re.compile(r"\b[A-Za-z]{2}\b")
_UNIX = re.compile(r"^\d{9,11}(\.\d+)?$")
_CONSUMED = frozenset(
    {"id", "text", "creation_time", "lang", "shared_post_id", "post_owner.id", "post_owner.name"}
    | set(COUNTRY_COLUMNS)
    | set(_LINK_COLUMNS)
)
_CANONICAL = frozenset(
    {"post_id", "account_id", "created_at", "text", "platform", "account_name", "url", "links"}
    | {"reshare_of", "mentions", "lang", "country"}
)


def sniff(path: Path) -> bool:
    """A CSV file whose header has ``id``, ``creation_time`` and ``post_owner.*``/``surface.*``."""
    header = csv_header(path)
    if header is None or "post_id" in header:
        return False
    owner = any(name.startswith(("post_owner.", "surface.")) for name in header)
    return "id" in header and "creation_time" in header and owner


def records(path: Path) -> Iterator[Item]:
    """The rows of a Content Library export as ``posts`` records."""
    names: dict[str, str] = {}
    facebook = False
    for number, row in csv_rows(path):
        if isinstance(row, Broken):
            yield number, row
            continue
        if not names:
            names = extra_names(row, _CONSUMED, _CANONICAL, prefix="mcl_")
            facebook = any(column.startswith("surface.") for column in row)
        yield number, post_record(row, names, facebook=facebook)


def post_record(row: Row, extras: Mapping[str, str], *, facebook: bool) -> Record:
    """One Content Library row as a ``posts`` record."""
    record: Record = {
        "post_id": first_cell(row, "id"),
        "account_id": first_cell(row, "post_owner.id", "surface.id"),
        "created_at": _created_at(first_cell(row, "creation_time")),
        "text": first_cell(row, "text"),
        "platform": _platform(first_cell(row, "post_owner.type"), facebook),
        "account_name": first_cell(row, "post_owner.name", "post_owner.username", "surface.name"),
        "links": _links(row),
        "reshare_of": first_cell(row, "shared_post_id"),
        "lang": first_cell(row, "lang"),
        "country": _country(row),
    }
    record.update({name: row.get(column) for column, name in extras.items()})
    return record


def _created_at(value: str | None) -> str | None:
    if value is not None and _UNIX.match(value):
        return datetime.fromtimestamp(float(value), UTC).isoformat()
    return value


def _platform(owner_type: str | None, facebook: bool) -> str:
    kind = (owner_type or "").lower()
    if kind in _INSTAGRAM_OWNERS:
        return "instagram"
    if kind in _FACEBOOK_OWNERS or facebook:
        return "facebook"
    return "instagram"


def _links(row: Row) -> list[str]:
    links: list[str] = []
    for column in _LINK_COLUMNS:
        value = first_cell(row, column)
        if value and value not in links:
            links.append(value)
    return links


def _country(row: Row) -> str | None:
    """The first two-letter code in a country column (a code, a JSON array, or a list)."""
    for column in COUNTRY_COLUMNS:
        value = first_cell(row, column)
        if value is None:
            continue
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = value
        items = parsed if isinstance(parsed, list) else re.split(r"[,;|\s]+", str(parsed))
        for item in items:
            found = _CODE.fullmatch(str(item).strip())
            if found:
                return found.group(0).upper()
    return None
