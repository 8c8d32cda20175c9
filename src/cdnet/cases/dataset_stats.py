"""What a dataset's tables hold: a sample of rows and column statistics, computed by DuckDB.

DuckDB reads the Parquet files itself and streams them; only aggregates and the first rows
reach Python, so a table of any size can be browsed. Statistics per column: non-null values
(for lists: non-empty lists), an approximate count of distinct values (HyperLogLog), the
minimum and maximum of numbers, dates and times, and the most frequent values of strings and
booleans with few distinct values.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

SAMPLE_ROWS = 20
CELL_CHARS = 120
TOP_VALUES = 5
#: Strings and booleans with at most this many distinct values (approximately) and some value
#: repeated get their top values.
LOW_CARDINALITY = 20
_ORDERED = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "FLOAT",
    "DOUBLE",
    "DECIMAL",
    "DATE",
    "TIME",
    "TIMESTAMP",
)


def _connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that never downloads extensions and reports times in UTC."""
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False})
    con.execute("SET TimeZone = 'UTC'")
    return con


def _quote(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _kind(duck_type: str) -> str:
    """``list``, ``ordered`` (numbers, dates, times), ``text``, ``bool`` or ``other``."""
    if duck_type.endswith("]") or duck_type.startswith(("STRUCT", "MAP", "UNION")):
        return "list" if duck_type.endswith("[]") else "other"
    if duck_type.startswith(_ORDERED):
        return "ordered"
    if duck_type == "VARCHAR":
        return "text"
    return "bool" if duck_type == "BOOLEAN" else "other"


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a value DuckDB returned."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _aggregates(column: str, kind: str) -> list[str]:
    q = _quote(column)
    present = f"count(*) FILTER (WHERE len({q}) > 0)" if kind == "list" else f"count({q})"
    parts = [present, "NULL" if kind == "other" else f"approx_count_distinct({q})"]
    if kind == "ordered":
        parts += [f"min({q})", f"max({q})"]
    return parts


def _repeats(entry: dict[str, Any]) -> bool:
    """Whether a column has few distinct values, some of them repeated: top values then help."""
    distinct = entry["distinct"] or 0
    return 0 < distinct <= LOW_CARDINALITY and distinct < entry["non_null"]


def _top(con: duckdb.DuckDBPyConnection, path: Path, column: str) -> list[list[Any]]:
    q = _quote(column)
    sql = (
        f"SELECT {q}, count(*) AS n FROM read_parquet(?) WHERE {q} IS NOT NULL "  # noqa: S608
        f"GROUP BY {q} ORDER BY n DESC, {q} LIMIT {TOP_VALUES}"
    )
    return [[_cell(value), n] for value, n in con.execute(sql, [str(path)]).fetchall()]


def _describe(con: duckdb.DuckDBPyConnection, path: Path) -> list[tuple[str, str]]:
    rows = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


def table_stats(path: Path) -> dict[str, Any]:
    """``{"rows": n, "columns": [{name, type, non_null, distinct, min, max, top}, ...]}``."""
    with _connect() as con:
        columns = _describe(con, path)
        kinds = [_kind(t) for _, t in columns]
        selects = ["count(*)"]
        for (name, _), kind in zip(columns, kinds, strict=True):
            selects += _aggregates(name, kind)
        sql = f"SELECT {', '.join(selects)} FROM read_parquet(?)"  # noqa: S608 - names quoted
        found = con.execute(sql, [str(path)]).fetchone()
        assert found is not None  # noqa: S101 - an aggregate query returns one row
        values, out = list(found[1:]), []
        for (name, duck_type), kind in zip(columns, kinds, strict=True):
            width = 4 if kind == "ordered" else 2
            taken, values = values[:width], values[width:]
            entry: dict[str, Any] = {
                "name": name,
                "type": duck_type,
                "non_null": int(taken[0]),
                "distinct": None if taken[1] is None else int(taken[1]),
                "min": _plain(taken[2]) if kind == "ordered" else None,
                "max": _plain(taken[3]) if kind == "ordered" else None,
                "top": [],
            }
            if kind in ("text", "bool") and _repeats(entry):
                entry["top"] = _top(con, path, name)
            out.append(entry)
    return {"rows": int(found[0]), "columns": out}


def _cell(value: Any, limit: int = CELL_CHARS) -> str:
    """A cell as text a person can read: lists comma-separated, long text cut with an ellipsis."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        text = ", ".join(_cell(item, limit) for item in value)
    elif isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, dict):
        text = ", ".join(f"{k}: {_cell(v, limit)}" for k, v in value.items())
    else:
        text = str(_plain(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sample_rows(path: Path, limit: int = SAMPLE_ROWS) -> tuple[list[str], list[list[str]]]:
    """The column names and the first ``limit`` rows of a table, each cell as readable text."""
    with _connect() as con:
        result = con.execute(f"SELECT * FROM read_parquet(?) LIMIT {int(limit)}", [str(path)])  # noqa: S608
        names = [str(d[0]) for d in result.description or []]
        rows: Sequence[tuple[Any, ...]] = result.fetchall()
    return names, [[_cell(v) for v in row] for row in rows]
