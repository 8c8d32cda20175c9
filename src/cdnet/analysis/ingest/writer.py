"""Write a canonical table to Parquet atomically.

Batches go to hidden temporary files in the output folder. Only when every input file has been
read without error are the finished files moved into place with ``os.replace``; on failure the
temporary files are removed, so the folder never holds a half-written table.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cdnet.analysis.schema import TableSpec, output_schema


def temp_path(directory: Path, name: str) -> Path:
    """A new, empty hidden file next to where ``name`` will go."""
    fd, path = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    os.close(fd)
    os.chmod(path, 0o644)  # mkstemp makes it private; the table is an ordinary file
    return Path(path)


class StagedTable:
    """One output table being written: a part file per schema (new pass-through columns)."""

    def __init__(self, spec: TableSpec, out_dir: Path) -> None:
        self.spec = spec
        self.out_dir = out_dir
        self.parts: list[Path] = []
        self.extras: list[str] = []
        self._writer: pq.ParquetWriter | None = None
        self._schema: pa.Schema | None = None
        self.rows = 0

    @property
    def target(self) -> Path:
        return self.out_dir / f"{self.spec.name}.parquet"

    def write(self, batch: pa.RecordBatch) -> None:
        if self._writer is None or not batch.schema.equals(self._schema):
            self._close_writer()
            part = temp_path(self.out_dir, f"{self.spec.name}.parquet")
            self.parts.append(part)
            self._schema = batch.schema
            self._writer = pq.ParquetWriter(part, batch.schema, compression="zstd")
        for name in batch.schema.names:
            if name not in self.spec.columns and name not in self.extras:
                self.extras.append(name)
        self._writer.write_batch(batch)
        self.rows += batch.num_rows

    def _close_writer(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def finish(self) -> Path:
        """Close the parts and merge them into one temporary file (returned)."""
        self._close_writer()
        schema = output_schema(self.spec, self.extras)
        if len(self.parts) == 1 and pq.read_schema(self.parts[0]).equals(schema):
            return self.parts[0]
        merged = temp_path(self.out_dir, f"{self.spec.name}.parquet")
        self.parts.append(merged)
        with pq.ParquetWriter(merged, schema, compression="zstd") as writer:
            if not self.parts[:-1]:
                writer.write_table(schema.empty_table())
            for part in self.parts[:-1]:
                for batch in pq.ParquetFile(part).iter_batches():
                    writer.write_batch(_conform(batch, schema))
        return merged

    def discard(self) -> None:
        self._close_writer()
        for part in self.parts:
            with contextlib.suppress(FileNotFoundError):
                part.unlink()


def _conform(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    names = batch.schema.names
    arrays = [
        batch.column(f.name) if f.name in names else pa.nulls(batch.num_rows, f.type)
        for f in schema
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def commit(staged: list[StagedTable]) -> dict[str, Path]:
    """Finish every table, then move each into place; on failure remove all temporary files."""
    finished: list[tuple[StagedTable, Path]] = []
    try:
        finished = [(table, table.finish()) for table in staged]
        for table, path in finished:
            os.replace(path, table.target)
    finally:
        for table in staged:
            table.discard()
    return {table.spec.name: table.target for table in staged}
