"""What a format module provides, and the reader that feeds its records into ingest.

A format module declares ``NAME``, ``TABLE`` (the canonical table it fills), ``sniff(path)``
(cheap: the file name and its first bytes) and ``records(path)``, which yields
``(item number, record)``: the number a user sees (a line, or the position of an item in a JSON
array) and a dict of canonical columns holding strings or lists of strings. A record that cannot
be read at all is yielded as :class:`Broken` instead, so that ``--on-error skip`` can go on.

:class:`RecordReader` turns those records into the ``RawBatch`` pipeline every other input goes
through, so validation, refanging, timestamps, ``--on-error`` and messages are shared. A format
may also define ``raw_batches(path)`` (see :class:`ColumnarFormat`) to hand over whole columns
where it can build them faster than record by record.

Progress: a format that opens its file with :func:`open_text` or :func:`open_binary` lets
:meth:`RecordReader.bytes_done` report how far through the file (bytes on disk) it has read.
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
import os
import typing
import weakref
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
#: Bytes of JSON Lines a columnar reader parses at a time (see :func:`line_blocks`).
LINE_BLOCK = 1 << 23


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


class ColumnarFormat(Format, Protocol):
    """A format that can also hand over whole columns (optional: ``raw_batches``).

    ``raw_batches(path)`` yields ``RawBatch`` objects (rows already numbered) and, where it
    falls back to records, ``Item`` pairs, in file order. :class:`RecordReader` uses it instead
    of ``records`` when a format module defines it.
    """

    def raw_batches(self, path: Path) -> Iterator[RawBatch | Item]: ...


#: The file on disk each path was last opened as by :func:`open_text` or :func:`open_binary`
#: (weakly: gone once closed), so the reader of that path can tell how far its format has read.
_OPENED: weakref.WeakValueDictionary[str, IO[bytes]] = weakref.WeakValueDictionary()


def open_text(path: Path) -> IO[str]:
    """``path`` as UTF-8 text (``.gz`` decompressed, a BOM dropped, line ends kept).

    The file on disk is remembered (see :func:`bytes_read`) so progress can be reported.
    """
    binary: IO[bytes]
    if path.suffix.lower() == ".gz":
        compressed = gzip.GzipFile(path, mode="rb")
        binary, raw = typing.cast(IO[bytes], compressed), typing.cast(IO[bytes], compressed.fileobj)
    else:
        binary = raw = path.open("rb")
    _OPENED[os.fspath(path)] = raw  # held by the text wrapper (weakly here) until closed
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")


def open_binary(path: Path) -> IO[bytes]:
    """``path`` as bytes (``.gz`` decompressed), remembered for progress like :func:`open_text`."""
    if path.suffix.lower() == ".gz":
        compressed = gzip.GzipFile(path, mode="rb")
        _OPENED[os.fspath(path)] = typing.cast(IO[bytes], compressed.fileobj)
        return typing.cast(IO[bytes], compressed)
    binary = path.open("rb")
    _OPENED[os.fspath(path)] = binary
    return binary


def line_blocks(binary: IO[bytes], size: int | None = None) -> Iterator[tuple[int, bytes]]:
    """Blocks of whole lines of about ``size`` bytes (default :data:`LINE_BLOCK`), each with the
    number of its first line.

    A UTF-8 BOM at the start is dropped. Lines end at ``\n`` (a ``\r`` before it stays), which
    is exact for JSON Lines: a line break inside a JSON value is always escaped.
    """
    line, rest, first = 1, b"", True
    size = size or LINE_BLOCK
    while True:
        chunk = binary.read(size)
        if first:
            chunk, first = chunk.removeprefix(b"\xef\xbb\xbf"), False
        if not chunk:
            if rest:
                yield line, rest
            return
        data = rest + chunk
        end = data.rfind(b"\n") + 1
        if end == 0:
            rest = data
            continue
        block, rest = data[:end], data[end:]
        yield line, block
        line += block.count(b"\n")


def bytes_read(path: Path) -> int | None:
    """How far (bytes on disk, compressed for ``.gz``) the file last opened as ``path`` is read.

    None when the file is not open (never opened, or closed since).
    """
    raw = _OPENED.get(os.fspath(path))
    if raw is None or raw.closed:
        return None
    try:
        return raw.tell()
    except (OSError, ValueError):
        return None


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
        self._position = 0

    def bytes_done(self) -> int:
        """Bytes of the file the format has read so far (all of it once the records end)."""
        if self._done:
            return self.bytes_total
        position = bytes_read(self.path)
        if position is not None:
            self._position = min(max(self._position, position), self.bytes_total)
        return self._position

    def batches(self, batch_rows: int = BATCH_ROWS) -> Iterator[RawBatch]:
        items: list[tuple[int, Record]] = []
        columnar = getattr(self.format, "raw_batches", None)
        entries = self.format.records(self.path) if columnar is None else columnar(self.path)
        try:
            for entry in entries:
                if isinstance(entry, RawBatch):
                    if items:
                        yield self._batch(items)
                        items = []
                    yield from _slices(entry, batch_rows)
                    continue
                number, record = entry
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
        numbers, records = zip(*items, strict=True)
        names = dict.fromkeys(itertools.chain.from_iterable(records))
        lists = self.spec.list_columns
        schema = pa.schema([(n, STRING_LIST if n in lists else STRING) for n in names])
        columns = _fast_columns(records, schema) or _slow_columns(records, schema)
        return RawBatch(columns, pa.array(numbers, pa.int64()), len(items))


def _slices(batch: RawBatch, size: int) -> Iterator[RawBatch]:
    """``batch`` in pieces of at most ``size`` rows."""
    if batch.length <= size:
        yield batch
        return
    for start in range(0, batch.length, size):
        length = min(size, batch.length - start)
        columns = {name: array.slice(start, length) for name, array in batch.columns.items()}
        yield RawBatch(columns, batch.rows.slice(start, length), length)


def _fast_columns(records: tuple[Record, ...], schema: pa.Schema) -> dict[str, pa.Array] | None:
    """Columns built by Arrow in one go when every value already has its type, else None.

    Strings and None for string columns; lists of strings (no None inside) or None for list
    columns. Arrow would split a string given for a list column into characters, so list columns
    are checked first.
    """
    for column in schema:
        if pa.types.is_list(column.type):
            name = column.name
            for record in records:
                value = record.get(name)
                if value is not None and type(value) is not list:
                    return None
    try:
        batch = pa.RecordBatch.from_pylist(list(records), schema=schema)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return None
    columns = dict(zip(batch.schema.names, batch.columns, strict=True))
    for array in columns.values():
        if pa.types.is_list(array.type) and array.values.null_count:
            return None  # None inside a list: dropped by the slow path
    return columns


def _slow_columns(records: tuple[Record, ...], schema: pa.Schema) -> dict[str, pa.Array]:
    """Columns built value by value, turning numbers, booleans and objects into strings."""
    columns: dict[str, pa.Array] = {}
    for column in schema:
        values = [record.get(column.name) for record in records]
        if pa.types.is_list(column.type):
            columns[column.name] = pa.array([_as_list(v) for v in values], STRING_LIST)
        else:
            columns[column.name] = pa.array([_as_string(v) for v in values], STRING)
    return columns


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
