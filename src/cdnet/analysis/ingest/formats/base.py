"""What a format module provides, and the reader that feeds its records into ingest.

A format module declares ``NAME``, ``TABLE`` (the canonical table it fills), ``sniff(path)``
(cheap: the file name and its first bytes) and ``records(path)``, which yields
``(item number, record)``: the number a user sees (a line, or the position of an item in a JSON
array) and a dict of canonical columns holding strings or lists of strings. A record that cannot
be read at all is yielded as :class:`Broken` instead, so that ``--on-error skip`` can go on.

:class:`RecordReader` turns those records into the ``RawBatch`` pipeline every other input goes
through, so validation, refanging, timestamps, ``--on-error`` and messages are shared.
"""

from __future__ import annotations

import gzip
import io
import json
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

import pyarrow as pa

from cdnet.analysis.ingest.convert import RawBatch
from cdnet.analysis.ingest.readers import BATCH_ROWS, Reader, json_cell
from cdnet.analysis.schema import STRING, STRING_LIST, TableSpec, get_table
from cdnet.errors import BadInput

SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Broken:
    """A record that cannot be read: why, and the field concerned if there is one."""

    reason: str
    field: str | None = None


Record = dict[str, object]
Item = tuple[int, Record | Broken]


class Format(Protocol):
    """The shape of a format module."""

    NAME: str
    TABLE: str

    def sniff(self, path: Path) -> bool: ...

    def records(self, path: Path) -> Iterator[Item]: ...


def open_text(path: Path) -> IO[str]:
    """``path`` as UTF-8 text (``.gz`` decompressed, a BOM dropped, line ends kept)."""
    binary: IO[bytes]
    if path.suffix.lower() == ".gz":
        binary = typing.cast(IO[bytes], gzip.open(path, "rb"))
    else:
        binary = path.open("rb")
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")


def head(path: Path, size: int = SNIFF_BYTES) -> str:
    """The first ``size`` characters of ``path`` (empty when unreadable)."""
    try:
        with open_text(path) as text:
            return text.read(size)
    except (OSError, UnicodeDecodeError, EOFError):
        return ""


def base_name(path: Path) -> str:
    """The file name without ``.gz``, lower-cased."""
    name = path.name.lower()
    return name.removesuffix(".gz")


class RecordReader(Reader):
    """Adapts a format's ``records`` to ``RawBatch`` batches of the format's table."""

    def __init__(self, path: Path, fmt: Format, skip_broken: bool = False) -> None:
        super().__init__(path, skip_broken)
        self.format = fmt
        self.spec: TableSpec = get_table(fmt.TABLE)
        self.header = list(self.spec.columns)
        self._done = False

    def bytes_done(self) -> int:
        return self.bytes_total if self._done else 0

    def batches(self, batch_rows: int = BATCH_ROWS) -> Iterator[RawBatch]:
        items: list[tuple[int, Record]] = []
        try:
            for number, record in self.format.records(self.path):
                if isinstance(record, Broken):
                    self.broken(number, record.reason, record.field)
                    continue
                items.append((number, record))
                if len(items) >= batch_rows:
                    yield self._batch(items)
                    items = []
        except UnicodeDecodeError:
            message = "not valid UTF-8 text (save the file as UTF-8)"
            raise BadInput(message, file=str(self.path)) from None
        self._done = True
        if items:
            yield self._batch(items)

    def _batch(self, items: list[tuple[int, Record]]) -> RawBatch:
        names: dict[str, None] = {}
        for _, record in items:
            names.update(dict.fromkeys(record))
        lists = self.spec.list_columns
        columns: dict[str, pa.Array] = {}
        for name in names:
            values = [record.get(name) for _, record in items]
            if name in lists:
                columns[name] = pa.array([_as_list(v) for v in values], STRING_LIST)
            else:
                columns[name] = pa.array([_as_string(v) for v in values], STRING)
        rows = pa.array([number for number, _ in items], pa.int64())
        return RawBatch(columns, rows, len(items))


def _as_string(value: object) -> str | None:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    cell = json_cell(value)
    return None if cell is None else str(cell)


def _as_list(value: object) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, list):
        return [v if isinstance(v, str) else str(json_cell(v)) for v in value if v is not None]
    return [str(json_cell(value))]
