"""ISO 8601 timestamps to UTC, vectorised.

Accepted: ``YYYY-MM-DD``, optionally followed by ``T`` or a space and ``hh:mm[:ss[.fraction]]``,
optionally followed by ``Z`` or an offset ``+hh``, ``+hhmm`` or ``+hh:mm``. A value without an
offset is read as UTC (the caller warns once per file). Fractions beyond microseconds are cut.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from cdnet.analysis.schema import TIMESTAMP

_DATE = r"\d{4}-\d{2}-\d{2}"
_TIME = r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?"
_OFFSET = r"([Zz]|[+-]\d{2}(:?\d{2})?)"
ISO_8601 = rf"^{_DATE}([T ]{_TIME}{_OFFSET}?)?$"
_HAS_OFFSET = rf"[T ]{_TIME}{_OFFSET}$"
EXPECTED = "an ISO 8601 timestamp such as 2024-05-01T14:30:00Z"


@dataclass(frozen=True)
class ParsedTimestamps:
    """The UTC values, which input values were invalid, and whether any value lacked an offset."""

    values: pa.Array
    invalid: pa.Array
    naive: bool


def _normalise(text: pa.Array) -> pa.Array:
    text = pc.replace_substring_regex(text, pattern=r"[zZ]$", replacement="+00:00")
    # Arrow parses at most nine fraction digits and we store microseconds: keep six.
    text = pc.replace_substring_regex(text, pattern=r"(\.\d{6})\d+", replacement=r"\1")
    # "+02" is ISO 8601 but Arrow wants minutes too.
    return pc.replace_substring_regex(
        text, pattern=r"([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?[+-]\d{2})$", replacement=r"\1:00"
    )


def _cast_each(text: pa.Array, target: pa.DataType) -> tuple[pa.Array, list[bool]]:
    """Slow path, only when a whole-array cast failed (e.g. month 13): cast value by value."""
    out: list[pa.Scalar] = []
    bad: list[bool] = []
    for value in text:
        try:
            out.append(pc.cast(value, target))
            bad.append(False)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            out.append(pa.scalar(None, target))
            bad.append(True)
    return pa.array([s.as_py() for s in out], target), bad


def _cast(text: pa.Array, target: pa.DataType) -> tuple[pa.Array, pa.Array]:
    try:
        return pc.cast(text, target), pa.array([False] * len(text))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        values, bad = _cast_each(text, target)
        return values, pa.array(bad)


def parse_timestamps(text: pa.Array) -> ParsedTimestamps:
    """Parse a string array of ISO 8601 timestamps to ``timestamp[us, UTC]``.

    Nulls and empty strings stay null and are not invalid.
    """
    text = pc.utf8_trim_whitespace(text)
    text = pc.if_else(pc.equal(text, ""), None, text)
    present = pc.is_valid(text)
    well_formed = pc.fill_null(pc.match_substring_regex(text, ISO_8601), True)
    text = _normalise(pc.if_else(well_formed, text, None))
    with_offset = pc.fill_null(pc.match_substring_regex(text, _HAS_OFFSET), False)
    aware, bad_aware = _cast(pc.if_else(with_offset, text, None), TIMESTAMP)
    naive_text = pc.if_else(with_offset, None, text)
    local, bad_local = _cast(naive_text, pa.timestamp("us"))
    values = pc.if_else(with_offset, aware, pc.cast(local, TIMESTAMP))
    invalid = pc.or_(pc.invert(well_formed), pc.or_(bad_aware, bad_local))
    invalid = pc.and_(present, invalid)
    naive = pc.any(pc.is_valid(naive_text)).as_py() is True
    return ParsedTimestamps(values=values, invalid=invalid, naive=naive)


def timestamps_from_arrow(values: pa.Array) -> tuple[pa.Array, bool]:
    """Convert an Arrow timestamp array (e.g. from Parquet) to UTC; naive values count as UTC."""
    naive = values.type.tz is None
    unit_fixed = pc.cast(values, pa.timestamp("us", tz=values.type.tz))
    return pc.cast(unit_fixed, TIMESTAMP), naive and values.null_count < len(values)
