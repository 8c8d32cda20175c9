"""DSA Transparency Database daily dumps (CSV) -> ``statements``.

The European Commission publishes every statement of reasons platforms submit under Article 24(5)
DSA as daily CSV dumps (columns: the submission fields of ``src/cdnet/data/dsa/sor_fields.csv``
plus ``uuid``, ``platform_name``, ``created_at`` and a few more). The dumps are large (gigabytes a
day), so the file is streamed row by row (``.csv`` or ``.csv.gz``; unzip the published archives
first) and only the small set of columns of the ``statements`` table is kept; the long free-text
fields (``decision_facts``, explanations) are dropped.

Item numbers are CSV line numbers (the header is line 1).

Mapping: each column of the ``statements`` table is read from the dump column of the same name.
Array columns (``decision_visibility``, ``content_type``, ``territorial_scope``) are JSON arrays
in the dumps (``["DECISION_VISIBILITY_CONTENT_REMOVED"]``); a plain value, or values separated by
commas, is accepted too. Times (``2024-11-25 09:16:55``) are UTC in the database and read as such;
dates (``content_date``, ``application_date``: ``2024-11-25``) become midnight UTC. ``url`` is
not a dump column; a dump that carries one (a user's own extract) keeps it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from cdnet.analysis.ingest.formats.base import Broken, Item, Record, base_name
from cdnet.analysis.ingest.formats.export_helpers import csv_header, csv_rows
from cdnet.analysis.schema import STATEMENTS

NAME = "dsa-sor"
TABLE = "statements"

#: Columns whose presence in a header marks a Transparency Database dump.
SIGNATURE = ("uuid", "platform_name", "decision_ground")
_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?$")


def sniff(path: Path) -> bool:
    """A CSV file whose header has ``uuid``, ``platform_name`` and ``decision_ground``."""
    if not base_name(path).endswith(".csv"):
        return False
    return set(SIGNATURE) <= set(csv_header(path))


def records(path: Path) -> Iterator[Item]:
    """The statements of ``path`` as ``statements`` records, streamed."""
    for number, row in csv_rows(path):
        yield number, row if isinstance(row, Broken) else statement_record(row)


def statement_record(row: dict[str, str]) -> Record:
    """One row of a dump as a ``statements`` record."""
    record: Record = {}
    for column in STATEMENTS.columns:
        value = (row.get(column) or "").strip()
        if column in STATEMENTS.list_columns:
            record[column] = _array(value)
        elif column in STATEMENTS.timestamp_columns:
            record[column] = _utc(value) if value else None
        else:
            record[column] = value or None
    return record


def _array(value: str) -> list[str]:
    """A dump's array cell: a JSON array, else one value or comma-separated values."""
    if not value:
        return []
    if value.startswith("["):
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if isinstance(parsed, list):
            return [str(v).strip() for v in parsed if v is not None and str(v).strip()]
    return [v.strip() for v in value.split(",") if v.strip()]


def _utc(value: str) -> str:
    """``2024-11-25 09:16:55`` or ``2024-11-25`` as ISO 8601 in UTC.

    Anything else is handed on unchanged: ingest checks it as ISO 8601 and names the row.
    """
    match = _TIME.match(value)
    if match is None:
        return value
    day, time = match.groups()
    return f"{day}T{time or '00:00:00'}Z"
