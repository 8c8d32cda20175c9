"""Turn a raw batch (strings as read from a file) into a canonical Arrow record batch.

Every column converter returns the converted array and a boolean mask of the rows whose value was
invalid, with the reason. The caller stops at the first invalid row or drops the invalid rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson

from cdnet.analysis.ingest.refang import refang_array
from cdnet.analysis.ingest.timestamps import (
    EXPECTED,
    parse_timestamps,
    timestamps_from_arrow,
)
from cdnet.analysis.schema import STRING, STRING_LIST, TableSpec, output_schema

_INT = r"^\s*[+-]?\d+\s*$"
_FLOAT = r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$"
_TRUE = ("true", "1", "yes", "y", "t")
_FALSE = ("false", "0", "no", "n", "f")


@dataclass
class RawBatch:
    """Columns as read (strings, or lists of strings for list columns) with their row numbers."""

    columns: dict[str, pa.Array]
    rows: pa.Array  # int64, the row number a user sees for each record
    length: int


@dataclass(frozen=True)
class Problem:
    """An invalid value: the row index within the batch, the column, and what was expected."""

    index: int
    column: str
    reason: str


@dataclass
class Converted:
    """The canonical batch, the problems found, and whether naive timestamps were seen."""

    batch: pa.RecordBatch
    problems: list[Problem] = field(default_factory=list)
    invalid: pa.Array | None = None
    naive_timestamps: bool = False


def _empty_to_null(values: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(pc.utf8_trim_whitespace(values), ""), None, values)


def _typed(values: pa.Array, pattern: str, target: pa.DataType) -> tuple[pa.Array, pa.Array]:
    values = _empty_to_null(values)
    ok = pc.fill_null(pc.match_substring_regex(values, pattern), True)
    clean = pc.utf8_trim_whitespace(pc.if_else(ok, values, None))
    return pc.cast(clean, target), pc.invert(ok)


def _boolean(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    lowered = pc.utf8_lower(pc.utf8_trim_whitespace(_empty_to_null(values)))
    truthy = pc.is_in(lowered, value_set=pa.array(_TRUE))
    falsy = pc.is_in(lowered, value_set=pa.array(_FALSE))
    invalid = pc.and_(pc.is_valid(lowered), pc.invert(pc.or_(truthy, falsy)))
    return pc.if_else(pc.or_(truthy, falsy), truthy, None), invalid


def _split_cell(cell: str) -> list[str] | None:
    """A list cell: a JSON array, or values separated by whitespace. ``None`` when broken."""
    text = cell.strip()
    if text.startswith("[") and text.endswith("]"):
        try:
            parsed = json.loads(text)
        except ValueError:
            return None
        if not isinstance(parsed, list):
            return None
        return [v if isinstance(v, str) else json.dumps(v) for v in parsed if v is not None]
    return text.split()


def _string_list(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    if pa.types.is_list(values.type):
        return pc.cast(values, STRING_LIST), pa.array([False] * len(values))
    fast = _string_list_fast(values)
    if fast is not None:
        return fast, pa.array([False] * len(values))
    out: list[list[str] | None] = []
    bad: list[bool] = []
    for cell in values.to_pylist():
        parsed = None if cell is None else _split_cell(cell)
        out.append(parsed)
        bad.append(cell is not None and parsed is None)
    return pa.array(out, STRING_LIST), pa.array(bad)


_LIST_SCHEMA = pa.schema([("v", STRING_LIST)])
_LIST_PARSE = pajson.ParseOptions(explicit_schema=_LIST_SCHEMA, unexpected_field_behavior="error")


def _string_list_fast(values: pa.Array) -> pa.Array | None:
    """List cells split by Arrow; None when a cell needs the exact rules of :func:`_split_cell`.

    Cells that are JSON arrays are parsed together by Arrow's JSON reader (as the lines
    ``{"v": <cell>}``); anything it cannot read as a list of strings without nulls (numbers,
    broken JSON, a cell holding more than one value) sends the whole batch to the slow path,
    which finds the invalid cells. Other cells are split at whitespace.
    """
    text = pc.utf8_trim_whitespace(values)
    is_json = pc.fill_null(pc.and_(pc.starts_with(text, "["), pc.ends_with(text, "]")), False)
    split = pc.if_else(
        pc.equal(text, ""), pa.scalar([], STRING_LIST), pc.utf8_split_whitespace(text)
    )
    if not pc.any(is_json).as_py():
        return pc.cast(split, STRING_LIST)
    cells = pc.if_else(is_json, text, "[]")
    lines = pc.binary_join_element_wise('{"v":', cells, "}\n", "")
    size = pc.sum(pc.binary_length(lines)).as_py() or 0
    try:
        table = pajson.read_json(
            pa.BufferReader(lines.buffers()[2].slice(0, size)), parse_options=_LIST_PARSE
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if table.num_rows != len(values):
        return None
    parsed = table.column("v").combine_chunks()
    if parsed.values.null_count:
        return None
    return pc.if_else(is_json, parsed, pc.cast(split, STRING_LIST))


def _convert_column(
    spec: TableSpec, name: str, values: pa.Array
) -> tuple[pa.Array, pa.Array | None, str, bool]:
    """Return (array, invalid mask or None, reason, naive timestamps seen)."""
    target = spec.type_of(name)
    if pa.types.is_timestamp(target):
        if pa.types.is_timestamp(values.type):
            converted, naive = timestamps_from_arrow(values)
            return converted, None, "", naive
        parsed = parse_timestamps(values)
        return parsed.values, parsed.invalid, f"expected {EXPECTED}", parsed.naive
    if pa.types.is_list(target):
        converted, invalid = _string_list(values)
        reason = "expected a JSON array or values separated by spaces"
    elif pa.types.is_int64(target):
        converted, invalid = _typed(values, _INT, target)
        reason = "expected a whole number"
    elif pa.types.is_floating(target):
        converted, invalid = _typed(values, _FLOAT, target)
        reason = "expected a number"
    elif pa.types.is_boolean(target):
        converted, invalid = _boolean(values)
        reason = "expected true, false or an empty value"
    else:
        converted, invalid, reason = _empty_to_null(values), None, ""
        if name in spec.enums:
            converted, invalid = _enum(converted, spec.enums[name])
            reason = "expected one of " + ", ".join(sorted(spec.enums[name]))
    if name in spec.refang:
        converted = refang_array(converted)
    return converted, invalid, reason, False


def _enum(values: pa.Array, allowed: frozenset[str]) -> tuple[pa.Array, pa.Array]:
    lowered = pc.utf8_lower(pc.utf8_trim_whitespace(values))
    known = pc.is_in(lowered, value_set=pa.array(sorted(allowed)))
    return lowered, pc.and_(pc.is_valid(lowered), pc.invert(known))


def _first(mask: pa.Array) -> int | None:
    index = pc.index(mask, True).as_py()
    return None if index is None or index < 0 else int(index)


def convert(raw: RawBatch, spec: TableSpec, extra_columns: list[str]) -> Converted:
    """Convert ``raw`` to the canonical schema of ``spec`` plus ``extra_columns`` (strings)."""
    schema = output_schema(spec, extra_columns)
    arrays: list[pa.Array] = []
    problems: list[Problem] = []
    masks: list[pa.Array] = []
    naive = False
    for column in schema:
        values = raw.columns.get(column.name)
        if values is None:
            arrays.append(pa.nulls(raw.length, column.type))
            continue
        if column.name not in spec.columns:
            arrays.append(_empty_to_null(pc.cast(values, STRING)))
            continue
        converted, invalid, reason, was_naive = _convert_column(spec, column.name, values)
        naive = naive or was_naive
        if column.name in spec.required:
            missing = pc.is_null(converted)
            invalid = missing if invalid is None else pc.or_(invalid, missing)
            reason = reason or "a value is required"
        arrays.append(converted)
        if invalid is not None and (index := _first(invalid)) is not None:
            missing_value = converted[index].as_py() is None and values[index].as_py() in (None, "")
            why = "a value is required" if missing_value else reason
            problems.append(Problem(index, column.name, why))
            masks.append(invalid)
    batch = pa.RecordBatch.from_arrays(arrays, schema=schema)
    invalid_rows = None
    for mask in masks:
        invalid_rows = mask if invalid_rows is None else pc.or_(invalid_rows, mask)
    return Converted(batch, problems, invalid_rows, naive)
