"""DuckDB, embedded: the default engine.

Kernels run in this process: the input streams out of DuckDB batch by batch, each batch goes
through the kernel and into a Parquet file in the engine's working folder, which DuckDB then reads
like any table. Memory stays bounded by a batch, and the result can be read more than once.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.parquet as pq

from cdnet.analysis.engine.base import Engine, Kernel


class DuckDBEngine(Engine):
    """Ibis on an in-memory DuckDB database that spills to the working folder."""

    name = "duckdb"

    def __init__(self, workdir: Path | None = None) -> None:
        super().__init__(workdir)
        config: dict[str, str] = {"temp_directory": str(self.workdir / "spill")}
        limit = os.environ.get("CDNET_DUCKDB_MEMORY")
        if limit:
            config["memory_limit"] = limit
        self.con = ibis.duckdb.connect(**config)
        # UTC throughout, as on Spark: epoch and date functions must not shift with the host's zone.
        self.con.raw_sql("SET TimeZone = 'UTC'")

    def read(self, paths: Sequence[Path], name: str) -> ir.Table:
        return self.con.read_parquet([str(p) for p in paths], table_name=self.fresh_name(name))

    def apply(
        self, table: ir.Table, kernel: Kernel, schema: pa.Schema, name: str = "kernel"
    ) -> ir.Table:
        target = self.workdir / f"{self.fresh_name(name)}.parquet"
        with pq.ParquetWriter(target, schema) as writer:
            for batch in self.batches(table):
                if batch.num_rows:
                    out = kernel(batch)
                    writer.write_batch(out.select(schema.names).cast(schema))
        return self.con.read_parquet(str(target), table_name=target.stem)

    def persist(self, expr: ir.Table, name: str = "persisted") -> ir.Table:
        target = self.workdir / f"{self.fresh_name(name)}.parquet"
        self.con.to_parquet(expr, str(target))
        return self.con.read_parquet(str(target), table_name=target.stem)

    def close(self) -> None:
        self.con.disconnect()
        super().close()
