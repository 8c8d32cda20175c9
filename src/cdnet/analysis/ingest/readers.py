"""Read CSV, JSON Lines, Parquet and domain-list files in batches of raw string columns.

Row numbers are what a user sees in the file:

* CSV: the physical line where the record starts, the header being line 1, so the first data row
  is row 2 (a quoted value spanning lines does not shift the rows after it).
* JSON Lines: the line number (blank lines count but are skipped).
* Parquet: the 1-based position of the row in the file.
* ``.txt`` domain lists: the line number (blank lines and ``#`` comments are skipped).
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cdnet.analysis.ingest.convert import RawBatch
from cdnet.analysis.schema import STRING, STRING_LIST
from cdnet.errors import BadInput

BATCH_ROWS = 50_000
# A cell may be as large as the file (a long post, an HTML body): lift the csv module's 128 KiB
# default once, for every reader of this process.
csv.field_size_limit(2**31 - 1)
_KINDS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".txt": "txt",
}


def kind_of(path: Path) -> str:
    """The reader a file needs, from its extension (``.gz`` allowed on CSV and JSON Lines)."""
    suffixes = [s.lower() for s in path.suffixes]
    gz = bool(suffixes) and suffixes[-1] == ".gz"
    ext = suffixes[-2] if gz and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")
    kind = _KINDS.get(ext)
    if kind is None or (gz and kind not in ("csv", "jsonl", "txt")):
        raise BadInput(
            "unknown file type; expected .csv, .jsonl, .ndjson (each optionally .gz), "
            ".parquet or .txt",
            file=str(path),
        )
    return kind


class Reader:
    """Base of the readers: a header, raw batches, and how far through the file we are."""

    def __init__(self, path: Path, skip_broken: bool = False) -> None:
        self.path = path
        self.skip_broken = skip_broken
        self.skipped = 0
        self.bytes_total = path.stat().st_size
        self.header: list[str] = []

    def read_header(self) -> None:
        """Read the column names (``open_reader`` calls this and closes the file on failure)."""

    def bytes_done(self) -> int:
        raise NotImplementedError

    def batches(self, batch_rows: int = BATCH_ROWS) -> Iterator[RawBatch]:
        raise NotImplementedError

    def close(self) -> None:
        """Release the file; readers holding one override this."""

    def broken(self, row: int, reason: str, field: str | None = None) -> None:
        if not self.skip_broken:
            raise BadInput(reason, file=str(self.path), row=row, field=field)
        self.skipped += 1


class _TextReader(Reader):
    """A text file, gzip-compressed or not, opened as UTF-8 (a BOM is dropped)."""

    def __init__(self, path: Path, skip_broken: bool = False) -> None:
        super().__init__(path, skip_broken)
        self._raw = path.open("rb")
        binary: IO[bytes] = self._raw
        if path.suffix.lower() == ".gz":
            binary = typing.cast(IO[bytes], gzip.GzipFile(fileobj=self._raw, mode="rb"))
        self._text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")

    def bytes_done(self) -> int:
        return self._raw.tell()

    def close(self) -> None:
        self._text.close()
        self._raw.close()

    def decode_error(self, line: int) -> BadInput:
        return BadInput(
            "not valid UTF-8 text (save the file as UTF-8)", file=str(self.path), row=line
        )


def _columns(header: list[str], records: list[list[Any]]) -> dict[str, pa.Array]:
    """Rows of strings (each as wide as ``header``) as columns.

    The values go to Arrow in one flat array and each column is taken from it at a stride:
    about twice as fast as transposing the rows in Python.
    """
    if not records:
        return {name: pa.array([], STRING) for name in header}
    width = len(header)
    flat = pa.array(list(itertools.chain.from_iterable(records)), STRING)
    if isinstance(flat, pa.ChunkedArray):  # over 2 GiB of text in one batch
        columns = zip(header, zip(*records, strict=True), strict=True)
        return {name: pa.array(values, STRING) for name, values in columns}
    starts = pa.array(range(0, len(records) * width, width), pa.int64())
    return {name: pc.take(flat, pc.add(starts, i)) for i, name in enumerate(header)}


class CsvReader(_TextReader):
    def __init__(self, path: Path, skip_broken: bool = False) -> None:
        super().__init__(path, skip_broken)
        delimiter = "\t" if ".tsv" in [s.lower() for s in path.suffixes] else ","
        self._csv = csv.reader(self._text, delimiter=delimiter, strict=True)

    def read_header(self) -> None:
        path = self.path
        try:
            first = next(self._csv, None)
        except UnicodeDecodeError:
            raise self.decode_error(1) from None
        except csv.Error as exc:
            raise BadInput(f"broken header: {exc}", file=str(path), row=1) from None
        if first is None:
            raise BadInput("the file is empty; expected a header row", file=str(path), row=1)
        self.header = [name.strip() for name in first]
        _check_header(self.header, path)

    def batches(self, batch_rows: int = BATCH_ROWS) -> Iterator[RawBatch]:
        records: list[list[str]] = []
        rows: list[int] = []
        width = len(self.header)
        while True:
            start = self._csv.line_num + 1
            try:
                record = next(self._csv, None)
            except UnicodeDecodeError:
                raise self.decode_error(start) from None
            except csv.Error as exc:
                self.broken(start, f"broken row: {exc}")
                continue
            if record is None:
                break
            if not record:
                continue  # a blank line
            if len(record) != width:
                self.broken(start, f"expected {width} fields as in the header, found {len(record)}")
                continue
            records.append(record)
            rows.append(start)
            if len(records) >= batch_rows:
                yield RawBatch(
                    _columns(self.header, records), pa.array(rows, pa.int64()), len(rows)
                )
                records, rows = [], []
        if records:
            yield RawBatch(_columns(self.header, records), pa.array(rows, pa.int64()), len(rows))


def json_cell(value: Any) -> Any:
    """A JSON value as ingest wants it: strings, lists of strings, or None."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [v if isinstance(v, str) else json.dumps(v) for v in value if v is not None]
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False)


def _json_column(values: list[Any]) -> pa.Array:
    if any(isinstance(v, list) for v in values):
        # A list column may mix JSON arrays and strings ("a b"): turn strings into JSON arrays.
        return (
            pa.array([json.dumps(v) if isinstance(v, list) else v for v in values], STRING)
            if any(isinstance(v, str) for v in values)
            else pa.array(values, STRING_LIST)
        )
    return pa.array(values, STRING)


class JsonLinesReader(_TextReader):
    def __init__(self, path: Path, skip_broken: bool = False) -> None:
        super().__init__(path, skip_broken)
        self._line = 0
        self._pending: list[tuple[int, dict[str, Any]]] = []

    def read_header(self) -> None:
        while not self._pending:
            item = self._next()
            if item is None:
                raise BadInput("the file holds no JSON object", file=str(self.path))
            if item[1] is not None:
                self._pending.append((item[0], item[1]))
        self.header = list(self._pending[0][1])

    def _next(self) -> tuple[int, dict[str, Any] | None] | None:
        """The next line as (line number, object); object None for a blank or skipped line."""
        try:
            text = self._text.readline()
        except UnicodeDecodeError:
            raise self.decode_error(self._line + 1) from None
        if not text:
            return None
        self._line += 1
        if not text.strip():
            return self._line, None
        try:
            obj = json.loads(text)
        except ValueError as exc:
            self.broken(self._line, f"not valid JSON: {exc.args[0] if exc.args else exc}")
            return self._line, None
        if not isinstance(obj, dict):
            self.broken(self._line, "expected a JSON object on each line")
            return self._line, None
        return self._line, obj

    def batches(self, batch_rows: int = BATCH_ROWS) -> Iterator[RawBatch]:
        items = self._pending
        self._pending = []
        while True:
            item = self._next()
            if item is not None and item[1] is not None:
                items.append((item[0], item[1]))
            if items and (item is None or len(items) >= batch_rows):
                yield self._batch(items)
                items = []
            if item is None:
                return

    def _batch(self, items: list[tuple[int, dict[str, Any]]]) -> RawBatch:
        names: dict[str, None] = {}
        for _, obj in items:
            names.update(dict.fromkeys(obj))
        columns = {
            name: _json_column([json_cell(obj.get(name)) for _, obj in items]) for name in names
        }
        rows = pa.array([line for line, _ in items], pa.int64())
        return RawBatch(columns, rows, len(items))


class ParquetReader(Reader):
    def __init__(self, path: Path, skip_broken: bool = False) -> None:
        super().__init__(path, skip_broken)
        try:
            self._file = pq.ParquetFile(path)
        except (pa.ArrowInvalid, OSError) as exc:
            raise BadInput(f"not a readable Parquet file: {exc}", file=str(path)) from None
        self.header = list(self._file.schema_arrow.names)
        _check_header(self.header, path)
        self._done = 0

    def bytes_done(self) -> int:
        rows = self._file.metadata.num_rows or 1
        return int(self.bytes_total * self._done / rows)

    def batches(self, batch_rows: int = BATCH_ROWS) -> Iterator[RawBatch]:
        for batch in self._file.iter_batches(batch_size=batch_rows):
            start = self._done + 1
            self._done += batch.num_rows
            columns = {name: _from_parquet(batch.column(name)) for name in batch.schema.names}
            rows = pa.array(range(start, start + batch.num_rows), pa.int64())
            yield RawBatch(columns, rows, batch.num_rows)

    def close(self) -> None:
        self._file.close()


def _from_parquet(values: pa.Array) -> pa.Array:
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    kind = values.type
    if pa.types.is_string(kind) or pa.types.is_timestamp(kind):
        return values
    if pa.types.is_large_string(kind):
        return pc.cast(values, STRING)
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        try:
            return pc.cast(values, STRING_LIST)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    try:
        return pc.cast(values, STRING)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.array([json_cell(v) for v in values.to_pylist()], STRING)


class DomainListReader(_TextReader):
    """One domain or URL a line; blank lines and lines starting with ``#`` are skipped."""

    def __init__(self, path: Path, skip_broken: bool = False) -> None:
        super().__init__(path, skip_broken)
        self.header = ["domain"]

    def batches(self, batch_rows: int = BATCH_ROWS) -> Iterator[RawBatch]:
        values: list[str] = []
        rows: list[int] = []
        line = 0
        while True:
            try:
                text = self._text.readline()
            except UnicodeDecodeError:
                raise self.decode_error(line + 1) from None
            line += 1
            value = text.strip()
            if value and not value.startswith("#"):
                values.append(value)
                rows.append(line)
            if values and (not text or len(values) >= batch_rows):
                yield RawBatch({"domain": pa.array(values, STRING)}, pa.array(rows), len(rows))
                values, rows = [], []
            if not text:
                return


def _check_header(header: list[str], path: Path) -> None:
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if not name:
            raise BadInput(f"column {position} of the header has no name", file=str(path), row=1)
        if name in seen:
            raise BadInput("the header names this column twice", file=str(path), row=1, field=name)
        seen.add(name)


def open_reader(path: Path, skip_broken: bool = False) -> Reader:
    """Open the right reader for ``path``; raises ``BadInput`` for unknown or missing files."""
    if not path.is_file():
        raise BadInput("no such file", file=str(path))
    readers: dict[str, type[Reader]] = {
        "csv": CsvReader,
        "jsonl": JsonLinesReader,
        "parquet": ParquetReader,
        "txt": DomainListReader,
    }
    reader = readers[kind_of(path)](path, skip_broken)
    try:
        reader.read_header()
    except BaseException:
        reader.close()
        raise
    return reader
