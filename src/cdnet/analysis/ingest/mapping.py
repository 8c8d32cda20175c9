"""Read any CSV onto a canonical table through a small TOML mapping file.

``cdnet ingest data.csv --mapping map.toml --out DIR``: the mapping names the table and, per
canonical column, the CSV column it comes from::

    table = "posts"
    delimiter = ";"              # optional; default "," ("\\t" for .tsv)
    list_separator = "|"         # optional; default: a JSON array or values separated by spaces
    timezone = "Europe/Paris"    # optional; the zone of times read with a format without %z

    [columns]                    # canonical column = CSV column
    post_id = "ID"
    account_id = "Author"
    created_at = "Date"

    [timestamps]                 # optional: strptime formats, or "unix" / "unix_ms"
    created_at = "%d/%m/%Y %H:%M"

    [constants]                  # optional: one value for every row
    platform = "facebook"

A CSV column whose name is a canonical column the mapping does not set is read as that column.
Other CSV columns pass through as extra columns (a CSV column named like a canonical column
the mapping sets from elsewhere is kept as ``source_<name>``).

:class:`MappedReader` wraps the canonical CSV reader (line numbers, BOM, CRLF stay the same) and
hands renamed, parsed columns to the shared ``RawBatch`` pipeline, so validation, refanging and
``--on-error`` work as for canonical tables. Messages name the mapping file and key when the
mapping is wrong, the CSV file, row and column when a value is bad.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pyarrow as pa
import pyarrow.compute as pc

from cdnet.analysis.ingest.convert import RawBatch, convert
from cdnet.analysis.ingest.readers import BATCH_ROWS, CsvReader, Reader, kind_of
from cdnet.analysis.schema import ALL_TABLES, STRING, STRING_LIST, TableSpec
from cdnet.errors import BadInput

_KEYS = ("table", "delimiter", "list_separator", "timezone", "columns", "timestamps", "constants")
_UNIX = {"unix": 1.0, "unix_ms": 1000.0}
Constant = str | list[str]


@dataclass(frozen=True)
class ColumnMapping:
    """A mapping file, checked: the table, where each canonical column comes from, how to read."""

    path: Path
    spec: TableSpec
    columns: dict[str, str] = field(default_factory=dict)
    timestamps: dict[str, str] = field(default_factory=dict)
    constants: dict[str, Constant] = field(default_factory=dict)
    delimiter: str | None = None
    list_separator: str | None = None
    timezone: tzinfo | None = None

    @property
    def table(self) -> str:
        return self.spec.name


def _wrong(path: Path, key: str, reason: str) -> BadInput:
    return BadInput(reason, file=str(path), field=key)


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise BadInput("no such mapping file", file=str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(f"not a valid TOML mapping file: {exc}", file=str(path)) from None


def _text(path: Path, key: str, value: object, *, length: int | None = None) -> str:
    if not isinstance(value, str) or not value or (length and len(value) != length):
        what = "one character" if length == 1 else "a non-empty string"
        raise _wrong(path, key, f"expected {what}, found {value!r}")
    return value


def _section(path: Path, data: dict[str, object], name: str) -> dict[str, object]:
    section = data.get(name, {})
    if not isinstance(section, dict):
        raise _wrong(path, name, "expected a table of canonical column = value ([" + name + "])")
    return section


def _column(path: Path, spec: TableSpec, key: str, column: str) -> None:
    if column not in spec.columns:
        known = ", ".join(spec.columns)
        raise _wrong(path, key, f"not a column of the {spec.name} table; its columns: {known}")


def load_mapping(path: Path) -> ColumnMapping:
    """Read and check the mapping file ``path``; ``BadInput`` names the file and the key."""
    data = _read_toml(path)
    for key in data:
        if key not in _KEYS:
            raise _wrong(path, key, "unknown key; expected one of " + ", ".join(_KEYS))
    if "table" not in data:
        raise _wrong(path, "table", 'missing: name the table, e.g. table = "posts"')
    table = _text(path, "table", data["table"])
    if table not in ALL_TABLES:
        raise _wrong(path, "table", "unknown table; known tables: " + ", ".join(ALL_TABLES))
    spec = ALL_TABLES[table]
    mapping = ColumnMapping(
        path=path,
        spec=spec,
        columns=_columns(path, spec, _section(path, data, "columns")),
        timestamps=_timestamps(path, spec, _section(path, data, "timestamps")),
        constants=_constants(path, spec, _section(path, data, "constants")),
        delimiter=_optional(path, data, "delimiter", length=1),
        list_separator=_optional(path, data, "list_separator"),
        timezone=_zone(path, _optional(path, data, "timezone")),
    )
    for column in mapping.constants:
        if column in mapping.columns:
            raise _wrong(path, f"constants.{column}", "also mapped in [columns]; keep one")
    _check_constants(mapping)
    return mapping


def _optional(
    path: Path, data: dict[str, object], key: str, length: int | None = None
) -> str | None:
    return None if key not in data else _text(path, key, data[key], length=length)


def _columns(path: Path, spec: TableSpec, section: dict[str, object]) -> dict[str, str]:
    columns: dict[str, str] = {}
    for column, source in section.items():
        _column(path, spec, f"columns.{column}", column)
        columns[column] = _text(path, f"columns.{column}", source)
    return columns


def _timestamps(path: Path, spec: TableSpec, section: dict[str, object]) -> dict[str, str]:
    formats: dict[str, str] = {}
    for column, value in section.items():
        key = f"timestamps.{column}"
        _column(path, spec, key, column)
        if column not in spec.timestamp_columns:
            known = ", ".join(sorted(spec.timestamp_columns)) or "none"
            raise _wrong(path, key, f"not a timestamp column of {spec.name} ({known})")
        formats[column] = _text(path, key, value)
    return formats


def _constants(path: Path, spec: TableSpec, section: dict[str, object]) -> dict[str, Constant]:
    constants: dict[str, Constant] = {}
    for column, value in section.items():
        key = f"constants.{column}"
        _column(path, spec, key, column)
        if isinstance(value, list) and column in spec.list_columns:
            constants[column] = [_scalar(path, key, v) for v in value]
        else:
            constants[column] = _scalar(path, key, value)
    return constants


def _scalar(path: Path, key: str, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise _wrong(path, key, f"expected a string, number or true/false, found {value!r}")


def _zone(path: Path, name: str | None) -> tzinfo | None:
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _wrong(path, "timezone", f"unknown time zone {name!r}; e.g. Europe/Paris") from None


def _check_constants(mapping: ColumnMapping) -> None:
    """Constants go through the shared validation once, so a bad one names the mapping file."""
    if not mapping.constants:
        return
    columns = {name: _constant_array(value, 1) for name, value in mapping.constants.items()}
    converted = convert(RawBatch(columns, pa.array([1], pa.int64()), 1), mapping.spec, [])
    for problem in converted.problems:
        if problem.column in mapping.constants:
            raise _wrong(mapping.path, f"constants.{problem.column}", problem.reason)


def _constant_array(value: Constant, length: int) -> pa.Array:
    if isinstance(value, list):
        return pa.array([value] * length, STRING_LIST)
    return pa.array([value] * length, STRING)


class _DelimitedCsvReader(CsvReader):
    """The canonical CSV reader with the delimiter the mapping names."""

    def __init__(self, path: Path, delimiter: str, skip_broken: bool = False) -> None:
        super().__init__(path, skip_broken)
        self._csv = csv.reader(self._text, delimiter=delimiter, strict=True)


class MappedReader(Reader):
    """A CSV reader whose batches come out with canonical column names and parsed values."""

    def __init__(self, inner: CsvReader, mapping: ColumnMapping) -> None:
        super().__init__(inner.path, inner.skip_broken)
        self._inner = inner
        self.mapping = mapping
        #: Each column handed on (canonical or pass-through) and the CSV column it is read from.
        self.sources = self._plan()
        spec = mapping.spec
        present = set(self.sources) | set(mapping.constants)
        canonical = [c for c in spec.columns if c in present]
        self.header = canonical + [c for c in self.sources if c not in spec.columns]

    def _plan(self) -> dict[str, str]:
        mapping, header, spec = self.mapping, self._inner.header, self.mapping.spec
        for column, source in mapping.columns.items():
            if source not in header:
                raise BadInput(
                    f"the header has no column {source!r}, which {mapping.path} "
                    f"names in columns.{column}",
                    file=str(self.path),
                    row=1,
                    field=source,
                )
        sources = dict(mapping.columns)
        taken = set(mapping.columns) | set(mapping.constants)
        sources.update(
            {name: name for name in header if name in spec.columns and name not in taken}
        )
        used = set(sources.values())
        for name in header:
            if name not in used:
                sources[f"source_{name}" if name in spec.columns else name] = name
        for column in spec.required:
            if column not in sources and column not in mapping.constants:
                raise BadInput(
                    f"required column of the {spec.name} table: the header does not have it and "
                    f"{mapping.path} sets it in neither [columns] nor [constants]",
                    file=str(self.path),
                    row=1,
                    field=column,
                )
        return sources

    def field_label(self, column: str) -> str:
        """The CSV column a canonical column is read from: what messages name."""
        return self.sources.get(column, column)

    def bytes_done(self) -> int:
        return self._inner.bytes_done()

    def close(self) -> None:
        self._inner.close()

    def batches(self, batch_rows: int = BATCH_ROWS) -> Iterator[RawBatch]:
        for raw in self._inner.batches(batch_rows):
            yield self._mapped(raw)
        self.skipped += self._inner.skipped

    def _mapped(self, raw: RawBatch) -> RawBatch:
        bad: dict[int, tuple[str, str]] = {}
        columns = {
            name: self._parsed(name, raw.columns[source], bad)
            for name, source in self.sources.items()
        }
        for name, value in self.mapping.constants.items():
            columns[name] = _constant_array(value, raw.length)
        if not bad:
            return RawBatch(columns, raw.rows, raw.length)
        for index in sorted(bad):
            label, reason = bad[index]
            self.broken(raw.rows[index].as_py(), reason, label)
        keep = pa.array([index not in bad for index in range(raw.length)])
        kept = {name: pc.filter(values, keep) for name, values in columns.items()}
        return RawBatch(kept, pc.filter(raw.rows, keep), raw.length - len(bad))

    def _parsed(self, name: str, values: pa.Array, bad: dict[int, tuple[str, str]]) -> pa.Array:
        if name in self.mapping.timestamps:
            return self._times(name, values, bad)
        separator = self.mapping.list_separator
        if separator is not None and name in self.mapping.spec.list_columns:
            return pa.array([_split(v, separator) for v in values.to_pylist()], STRING_LIST)
        return values

    def _times(self, name: str, values: pa.Array, bad: dict[int, tuple[str, str]]) -> pa.Array:
        """Timestamps read with the column's format, as ISO 8601 text for the shared parser."""
        fmt = self.mapping.timestamps[name]
        where = f"{self.mapping.path.name} timestamps.{name}"
        out: list[str | None] = []
        for index, value in enumerate(values.to_pylist()):
            text = (value or "").strip()
            try:
                out.append(_parse_time(text, fmt, self.mapping.timezone) if text else None)
            except (ValueError, OverflowError, OSError):
                out.append(None)
                reason = f"{text!r} does not match the format {fmt!r} of {where}"
                bad.setdefault(index, (self.field_label(name), reason))
        return pa.array(out, STRING)


def _split(cell: str | None, separator: str) -> list[str] | None:
    if cell is None:
        return None
    return [part.strip() for part in cell.split(separator) if part.strip()]


def _parse_time(text: str, fmt: str, zone: tzinfo | None) -> str:
    """``text`` read with ``fmt`` (strptime, or ``unix``/``unix_ms``), as ISO 8601."""
    if fmt in _UNIX:
        return datetime.fromtimestamp(float(text) / _UNIX[fmt], UTC).isoformat()
    when = datetime.strptime(text, fmt)  # noqa: DTZ007 -- the zone is %z or the mapping's
    if when.tzinfo is None and zone is not None:
        when = when.replace(tzinfo=zone)
    return when.isoformat()


def open_mapped(path: Path, mapping: ColumnMapping, skip_broken: bool = False) -> MappedReader:
    """Open the CSV file ``path`` read through ``mapping``."""
    if not path.is_file():
        raise BadInput("no such file", file=str(path))
    try:
        is_csv = kind_of(path) == "csv"
    except BadInput:
        is_csv = False
    if not is_csv:
        raise BadInput(
            f"a mapping file ({mapping.path.name}) applies to CSV files (.csv, .tsv, .csv.gz)",
            file=str(path),
        )
    inner: CsvReader
    if mapping.delimiter is None:
        inner = CsvReader(path, skip_broken)
    else:
        inner = _DelimitedCsvReader(path, mapping.delimiter, skip_broken)
    try:
        inner.read_header()
        return MappedReader(inner, mapping)
    except BaseException:
        inner.close()
        raise
