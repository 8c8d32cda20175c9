"""Apache Spark through PySpark: the same expressions and kernels, beyond one machine.

Without ``--spark-master`` Spark runs in local mode on this machine (``local[*]``); with a master
URL (``spark://host:7077``, ``yarn``, ``k8s://...``) the work goes to that cluster, whose
executors need cdnet installed (kernels are cdnet functions). Parquet paths must then be readable
by the executors (a shared file system or object store). Kernels run with ``mapInArrow``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.dataset as ds

from cdnet.analysis.engine.base import Engine, Kernel
from cdnet.errors import ConfigurationError

_session: Any = None
_master: str | None = None


def spark_session(master: str | None) -> Any:
    """One Spark session per process (starting the JVM takes seconds), UTC throughout."""
    global _session, _master
    wanted = master or os.environ.get("CDNET_SPARK_MASTER") or "local[*]"
    if _session is not None and _master == wanted:
        return _session
    if _session is not None:
        _session.stop()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if wanted.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - pyspark is a dependency
        raise ConfigurationError("pyspark is not installed") from exc
    builder = (
        SparkSession.builder.master(wanted)
        .appName("cdnet")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", os.environ.get("CDNET_SPARK_MEMORY") or "4g")
        .config("spark.sql.shuffle.partitions", os.environ.get("CDNET_SPARK_PARTITIONS") or "8")
    )
    _session = builder.getOrCreate()
    _session.sparkContext.setLogLevel("ERROR")
    _master = wanted
    return _session


class SparkEngine(Engine):
    """Ibis on a Spark session."""

    name = "spark"

    def __init__(self, master: str | None = None, workdir: Path | None = None) -> None:
        super().__init__(workdir)
        self.session = spark_session(master)
        self.con = ibis.pyspark.connect(self.session)

    def frame(self, expr: ir.Table) -> Any:
        """The Spark DataFrame of an Ibis expression."""
        return self.session.sql(str(self.con.compile(expr)))

    def _write(self, expr: ir.Table) -> Path:
        """Have Spark write the result of ``expr`` as Parquet into the working folder.

        Results come back through files, not through the driver's sockets: large results
        stream, and on a cluster the working folder must be shared (``CDNET_ENGINE_WORKDIR``).
        """
        target = self.workdir / self.fresh_name("result")
        self.frame(expr).write.parquet(str(target))
        return target

    def persist(self, expr: ir.Table, name: str = "persisted") -> ir.Table:
        return self.read([self._write(expr)], name)

    def batches(self, expr: ir.Table, batch_rows: int = 65_536) -> Iterator[pa.RecordBatch]:
        """The rows of ``expr``, read back batch by batch from the Parquet Spark wrote."""
        found = ds.dataset(self._write(expr), format="parquet")
        yield from found.to_batches(batch_size=batch_rows)

    def to_arrow(self, expr: ir.Table) -> pa.Table:
        return ds.dataset(self._write(expr), format="parquet").to_table()

    def read(self, paths: Sequence[Path], name: str) -> ir.Table:
        view = self.fresh_name(name)
        frame = self.session.read.parquet(*[str(p) for p in paths])
        frame.createOrReplaceTempView(view)
        return self.con.table(view)

    def apply(
        self, table: ir.Table, kernel: Kernel, schema: pa.Schema, name: str = "kernel"
    ) -> ir.Table:
        from pyspark.sql.pandas.types import from_arrow_schema

        frame = self.frame(table)
        names = schema.names

        def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            for batch in batches:
                if batch.num_rows:
                    yield kernel(batch).select(names).cast(schema)

        view = self.fresh_name(name)
        frame.mapInArrow(run, from_arrow_schema(schema)).createOrReplaceTempView(view)
        return self.con.table(view)
