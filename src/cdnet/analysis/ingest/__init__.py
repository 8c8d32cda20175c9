"""Read canonical tables from CSV, JSON Lines or Parquet, validate them, write Parquet.

``ingest(paths, out_dir)`` streams each file in batches, checks it against FORMATS.md (required
columns and values, ISO 8601 timestamps, list cells, closed value sets), refangs URL columns and
writes ``out_dir/<table>.parquet`` atomically. Bad input raises :class:`cdnet.errors.BadInput`
naming the file, the row (see :mod:`cdnet.analysis.ingest.readers` for how rows are counted) and
the column, and leaves ``out_dir`` as it was. With ``mapping=``, a TOML mapping file (see
:mod:`cdnet.analysis.ingest.mapping`) says how the columns of any CSV fill a canonical table.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc

from cdnet.analysis.ingest.convert import Converted, convert
from cdnet.analysis.ingest.formats import FORMATS, Format, RecordReader, detect_format, get_format
from cdnet.analysis.ingest.mapping import ColumnMapping, MappedReader, load_mapping, open_mapped
from cdnet.analysis.ingest.readers import BATCH_ROWS, Reader, kind_of, open_reader
from cdnet.analysis.ingest.refang import refang, refang_array
from cdnet.analysis.ingest.writer import StagedTable, commit
from cdnet.analysis.schema import ALL_TABLES, DOMAINS, TABLES, TableSpec, detect_table, get_table
from cdnet.errors import BadInput

__all__ = [
    "IngestSummary",
    "TableSummary",
    "expand_paths",
    "ingest",
    "refang",
    "refang_array",
]

log = logging.getLogger("cdnet.ingest")

OnError = Literal["stop", "skip"]
#: Called with (file, bytes done, bytes in total) as a file is read.
ProgressCallback = Callable[[Path, int, int], None]
#: Called with a sentence to show the user (once per file and kind of warning).
WarningCallback = Callable[[str], None]


@dataclass
class TableSummary:
    """What ingest did for one table."""

    table: str
    path: Path
    files: list[Path] = field(default_factory=list)
    rows_read: int = 0
    rows_written: int = 0
    rows_skipped: int = 0


@dataclass
class IngestSummary:
    """Rows read, written and skipped, per table; and the warnings given."""

    tables: dict[str, TableSummary] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(t.rows_read for t in self.tables.values())

    @property
    def rows_written(self) -> int:
        return sum(t.rows_written for t in self.tables.values())

    @property
    def rows_skipped(self) -> int:
        return sum(t.rows_skipped for t in self.tables.values())


def expand_paths(paths: Iterable[Path], fmt: Format | None = None) -> list[Path]:
    """Files as given; a folder stands for the readable files directly inside it (sorted).

    Readable: a canonical table's extension, or an export a registered format recognises (with
    ``fmt`` forced, any file that format would be tried on).
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            files += [p for p in inside if _readable(p, fmt)]
        else:
            files.append(path)
    if not files:
        raise BadInput("no input files given (or the folders hold none)")
    return files


def _readable(path: Path, fmt: Format | None) -> bool:
    if fmt is not None:
        return fmt.sniff(path) or path.suffix.lower() in (".json", ".jsonl", ".ndjson", ".gz")
    try:
        kind_of(path)
    except BadInput:
        return detect_format(path) is not None
    return True


def _choose(fmt: str, table: str | None) -> tuple[Format | None, str | None]:
    """The forced export format, or the forced table, from ``fmt`` and ``table``."""
    if fmt == "auto":
        return None, table
    if fmt in FORMATS:
        return get_format(fmt), table
    if fmt in ALL_TABLES:
        return None, fmt
    known = ", ".join(["auto", *ALL_TABLES, *FORMATS])
    raise BadInput(f"unknown format {fmt!r}; expected one of: {known}")


def _open(
    path: Path, forced: Format | None, table: str | None, skip: bool
) -> tuple[Reader, str | None]:
    """The reader for ``path`` and the table it fills (None: detect from the header)."""
    chosen = forced
    if chosen is None and table is None:
        chosen = detect_format(path)
    if chosen is None:
        try:
            return open_reader(path, skip_broken=skip), table
        except BadInput as exc:
            if path.is_file() and path.suffix.lower() == ".json":
                known = ", ".join(FORMATS)
                raise BadInput(
                    f"not an export format cdnet recognises ({known}); name one with --format",
                    file=str(path),
                ) from exc
            raise
    if not path.is_file():
        raise BadInput("no such file", file=str(path))
    return RecordReader(path, chosen, skip), chosen.TABLE


def _spec_for(reader: Reader, table: str | None) -> TableSpec:
    if not isinstance(reader, RecordReader) and kind_of(reader.path) == "txt":
        if table not in (None, DOMAINS.name):
            raise BadInput(
                f"a .txt file is a domain list, not a {table} table", file=str(reader.path)
            )
        return DOMAINS
    if table is not None:
        spec = get_table(table)
    else:
        found = detect_table(reader.header)
        if found is None:
            expected = "; ".join(f"{t.name}: {', '.join(t.required)}" for t in TABLES.values())
            raise BadInput(
                f"cannot tell which table this is from its header; expected the required "
                f"columns of one table ({expected}), or name the table with --format",
                file=str(reader.path),
                row=1,
            )
        spec = found
    for column in spec.required:
        if column not in reader.header:
            raise BadInput(
                f"required column of the {spec.name} table is missing from the header",
                file=str(reader.path),
                row=1,
                field=column,
            )
    return spec


def _check(
    converted: Converted, rows: pa.Array, reader: Reader, on_error: OnError
) -> pa.RecordBatch:
    if not converted.problems:
        return converted.batch
    if on_error == "stop":
        first = min(converted.problems, key=lambda p: p.index)
        row = rows[first.index].as_py()
        column = first.column
        if isinstance(reader, MappedReader):
            column = reader.field_label(column)  # the CSV's own name for the column
        raise BadInput(first.reason, file=str(reader.path), row=row, field=column)
    if converted.invalid is None:
        return converted.batch
    return converted.batch.filter(pc.invert(converted.invalid))


def _ingest_file(
    reader: Reader,
    staged: StagedTable,
    summary: TableSummary,
    on_error: OnError,
    on_progress: ProgressCallback | None,
    batch_rows: int,
) -> bool:
    """Read one file into ``staged``; return whether naive timestamps were seen."""
    spec = staged.spec
    extras = [c for c in reader.header if c not in spec.columns]
    naive = False
    for raw in reader.batches(batch_rows):
        extras += [c for c in raw.columns if c not in spec.columns and c not in extras]
        converted = convert(raw, spec, [c for c in extras if c in raw.columns])
        naive = naive or converted.naive_timestamps
        batch = _check(converted, raw.rows, reader, on_error)
        summary.rows_read += raw.length
        summary.rows_skipped += raw.length - batch.num_rows
        staged.write(_with_source_folder(batch, spec, reader.path))
        summary.rows_written += batch.num_rows
        if on_progress is not None:
            on_progress(reader.path, reader.bytes_done(), reader.bytes_total)
    summary.rows_read += reader.skipped
    summary.rows_skipped += reader.skipped
    return naive


def _with_source_folder(batch: pa.RecordBatch, spec: TableSpec, path: Path) -> pa.RecordBatch:
    """Images keep the folder their file sat in: ``path`` is relative to it (FORMATS.md)."""
    if spec.name != "images" or "source_folder" in batch.schema.names:
        return batch
    folder = pa.array([str(path.resolve().parent)] * batch.num_rows, pa.string())
    return batch.append_column("source_folder", folder)


def ingest(
    paths: Iterable[Path],
    out_dir: Path,
    table: str | None = None,
    *,
    on_error: OnError = "stop",
    on_progress: ProgressCallback | None = None,
    on_warning: WarningCallback | None = None,
    batch_rows: int = BATCH_ROWS,
    fmt: str = "auto",
    mapping: Path | None = None,
) -> IngestSummary:
    """Ingest ``paths`` (files or folders) into ``out_dir/<table>.parquet``, one per table.

    ``table`` forces the table (otherwise it is detected from each file's header; ``.txt`` files
    are domain lists). ``fmt`` names an export format of :mod:`cdnet.analysis.ingest.formats`
    (or a table); with ``"auto"`` each file is offered to the formats' sniffers first, then
    detected from its header. Several files of the same table are concatenated. With
    ``on_error="skip"`` broken rows and invalid values are dropped and counted instead of
    stopping. ``mapping`` names a TOML mapping file: every input is then a CSV file read through
    it onto the table it names. Raises ``BadInput`` on bad input; then nothing in ``out_dir``
    changes.
    """
    forced, table = _choose(fmt, table)
    if table is not None:
        get_table(table)
    mapped = None if mapping is None else _mapping(mapping, forced, table)
    files = expand_paths(paths, forced)
    warn = on_warning or log.warning
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = IngestSummary()
    staged: dict[str, StagedTable] = {}
    try:
        for path in files:
            if mapped is None:
                reader, file_table = _open(path, forced, table, on_error == "skip")
            else:
                reader, file_table = open_mapped(path, mapped, on_error == "skip"), mapped.table
            try:
                spec = _spec_for(reader, file_table)
                stage = staged.setdefault(spec.name, StagedTable(spec, out_dir))
                entry = summary.tables.setdefault(spec.name, TableSummary(spec.name, stage.target))
                entry.files.append(path)
                naive = _ingest_file(reader, stage, entry, on_error, on_progress, batch_rows)
            finally:
                reader.close()
            if naive:
                message = f"{path}: timestamps without a UTC offset were read as UTC"
                summary.warnings.append(message)
                warn(message)
    except BaseException:
        for stage in staged.values():
            stage.discard()
        if created and not any(out_dir.iterdir()):
            out_dir.rmdir()
        raise
    commit(list(staged.values()))
    return summary


def _mapping(path: Path, forced: Format | None, table: str | None) -> ColumnMapping:
    """The mapping file, checked, and consistent with ``--format``."""
    mapped = load_mapping(path)
    if forced is not None or table not in (None, mapped.table):
        named = forced.NAME if forced is not None else table
        raise BadInput(
            f"--format {named} and a mapping file for the {mapped.table} table disagree; "
            "the mapping names the table, so leave --format out",
            file=str(path),
        )
    return mapped


def table_names() -> list[str]:
    """The tables ``ingest`` can write (the canonical ones and ``domains``)."""
    return list(ALL_TABLES)
