"""The engine contract and ``open_engine``."""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from cdnet.errors import BadInput

if TYPE_CHECKING:  # Ibis takes a few hundred milliseconds to import: only engines load it
    import ibis
    import ibis.expr.types as ir

#: A function from one Arrow batch to another; module-level (picklable) so Spark can ship it.
Kernel = Callable[[pa.RecordBatch], pa.RecordBatch]
EngineName = Literal["duckdb", "spark"]
ENGINES: tuple[EngineName, ...] = ("duckdb", "spark")


class Engine(ABC):
    """Runs Ibis expressions over Parquet tables, and Arrow-batch kernels, on one backend."""

    name: EngineName
    con: ibis.BaseBackend

    def __init__(self, workdir: Path | None = None) -> None:
        # Removed on close(), or when the engine is garbage-collected unclosed.
        shared = os.environ.get("CDNET_ENGINE_WORKDIR")
        own = Path(tempfile.mkdtemp(prefix="cdnet-engine-", dir=shared or None))
        self._cleanup = weakref.finalize(self, shutil.rmtree, own, True)
        self.workdir = workdir or own
        self._counter = 0

    def fresh_name(self, stem: str) -> str:
        """A table name not used before in this engine (``stem`` + a counter)."""
        self._counter += 1
        return f"cdnet_{stem}_{self._counter}"

    @abstractmethod
    def read(self, paths: Sequence[Path], name: str) -> ir.Table:
        """The Parquet files ``paths`` (one schema) as a table."""

    @abstractmethod
    def apply(
        self, table: ir.Table, kernel: Kernel, schema: pa.Schema, name: str = "kernel"
    ) -> ir.Table:
        """``kernel`` applied to every batch of ``table``; the result has ``schema``."""

    def from_arrow(self, data: pa.Table, name: str) -> ir.Table:
        """A small Arrow table made on the driver (labels, lists) as a table of this engine."""
        path = self.workdir / f"{self.fresh_name(name)}.parquet"
        pq.write_table(data, path)
        return self.read([path], name)

    @abstractmethod
    def persist(self, expr: ir.Table, name: str = "persisted") -> ir.Table:
        """``expr`` computed once and kept (as Parquet in the working folder) for reuse.

        Use it for a kernel's output or an aggregate that later steps read more than once:
        otherwise each reader recomputes it.
        """

    def batches(self, expr: ir.Table, batch_rows: int = 65_536) -> Iterator[pa.RecordBatch]:
        """The rows of ``expr``, streamed as Arrow batches."""
        reader = self.con.to_pyarrow_batches(expr, chunk_size=batch_rows)
        yield from reader

    def to_arrow(self, expr: ir.Table) -> pa.Table:
        """The (small) result of ``expr`` as one Arrow table."""
        return self.con.to_pyarrow(expr)

    def close(self) -> None:
        """Release the backend and the working folder."""
        self._cleanup()

    def __enter__(self) -> Engine:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def open_engine(
    name: str = "duckdb",
    *,
    spark_master: str | None = None,
    workdir: Path | None = None,
) -> Engine:
    """The engine called ``name`` (``duckdb`` or ``spark``), ready to read tables."""
    if name == "duckdb":
        if spark_master:
            raise BadInput("--spark-master applies to --engine spark only", field="--spark-master")
        from cdnet.analysis.engine.duck import DuckDBEngine

        return DuckDBEngine(workdir)
    if name == "spark":
        from cdnet.analysis.engine.spark import SparkEngine

        return SparkEngine(spark_master, workdir)
    known = ", ".join(ENGINES)
    raise BadInput(f"unknown engine {name!r}; expected one of: {known}", field="--engine")
