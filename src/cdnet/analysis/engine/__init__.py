"""One small engine layer: detectors write Ibis expressions once and run on DuckDB or Spark.

``open_engine("duckdb")`` (the default: embedded, nothing to install or start) or
``open_engine("spark", spark_master="spark://host:7077")`` (PySpark; ``local[*]`` when no master
is given) returns an :class:`Engine`. Through it a detector:

* reads canonical Parquet tables as Ibis tables (``engine.read``);
* builds Ibis expressions (joins, group-bys, windows) that both backends compile to their SQL;
* runs work SQL cannot express as an Arrow-batch kernel (``engine.apply``): a picklable function
  from one ``pyarrow.RecordBatch`` to another, which DuckDB streams through Python and Spark ships
  to its executors with ``mapInArrow`` -- the same function on both;
* streams results back as Arrow batches (``engine.batches``) or a small Arrow table
  (``engine.to_arrow``).

See docs/engine.md.
"""

from __future__ import annotations

from cdnet.analysis.engine.base import ENGINES, Engine, EngineName, Kernel, open_engine

__all__ = ["ENGINES", "Engine", "EngineName", "Kernel", "open_engine"]
