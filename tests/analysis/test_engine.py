"""The engine layer: the same expressions and Arrow-batch kernels on DuckDB and on Spark."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cdnet.analysis.engine import open_engine
from cdnet.cli import app
from cdnet.errors import BadInput

OUT = pa.schema([("post_id", pa.string()), ("words", pa.int64())])


def count_words(batch: pa.RecordBatch, minimum: int = 0) -> pa.RecordBatch:
    """A kernel: words per text (only texts with at least ``minimum`` words)."""
    words = pc.list_value_length(pc.utf8_split_whitespace(batch.column("text")))
    keep = pc.greater_equal(pc.fill_null(words, 0), minimum)
    return pa.RecordBatch.from_arrays(
        [batch.column("post_id").filter(keep), words.cast(pa.int64()).filter(keep)], schema=OUT
    )


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    path = tmp_path / "posts.parquet"
    texts = ["one two three", "one", None, "a b c d e", "x y"] * 20
    pq.write_table(
        pa.table(
            {
                "post_id": [f"p{i}" for i in range(100)],
                "account_id": [f"a{i % 7}" for i in range(100)],
                "text": texts,
            }
        ),
        path,
        row_group_size=16,
    )
    return path


def test_an_expression_gives_the_same_rows_on_each_engine(engine, posts):
    table = engine.read([posts], "posts")
    per_account = table.group_by("account_id").agg(n=table.post_id.count()).order_by("account_id")
    result = engine.to_arrow(per_account).to_pylist()
    assert result[0] == {"account_id": "a0", "n": 15}
    assert sum(r["n"] for r in result) == 100
    assert len(result) == 7


def test_a_kernel_runs_on_every_batch_and_its_output_can_be_queried_again(engine, posts):
    if engine.name == "spark":  # Spark's workers import kernels; this test module is not a package
        from pyspark import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    table = engine.read([posts], "posts")
    kernel = functools.partial(count_words, minimum=2)
    counted = engine.apply(table, kernel, OUT, "words")
    totals = engine.to_arrow(counted.group_by("words").agg(n=counted.post_id.count()))
    assert dict(zip(*totals.to_pydict().values(), strict=True)) == {3: 20, 5: 20, 2: 20}
    joined = counted.join(table, "post_id").filter(lambda t: t.words == 5)
    ids = sorted(
        b for batch in engine.batches(joined, 7) for b in batch.column("post_id").to_pylist()
    )
    assert ids == sorted(f"p{i}" for i in range(3, 100, 5))


def test_closing_an_engine_removes_its_working_folder(posts):
    opened = open_engine("duckdb")
    table = opened.read([posts], "posts")
    opened.apply(table, count_words, OUT)
    folder = opened.workdir
    assert any(folder.iterdir())
    opened.close()
    assert not folder.exists()


def test_an_unknown_engine_is_bad_input_naming_the_known_ones():
    with pytest.raises(BadInput, match="duckdb, spark") as caught:
        open_engine("polars")
    assert caught.value.field == "--engine"


def test_a_spark_master_without_the_spark_engine_is_bad_input():
    with pytest.raises(BadInput, match="--engine spark") as caught:
        open_engine("duckdb", spark_master="spark://cluster:7077")
    assert caught.value.field == "--spark-master"


@pytest.mark.spark
def test_detect_gives_the_same_findings_on_spark_as_on_duckdb(tmp_path):
    posts = tmp_path / "posts.csv"
    posts.write_text(
        "post_id,account_id,created_at,text,links\n"
        "p1,alice,2024-05-01T10:00:00Z,Lesen Sie spiegel[.]ltd/a,https://www.spiegel.de/x\n"
        'p2,bob,2024-05-01T11:00:00Z,hi,"hxxps://bild[.]work/x https://news.example.org"\n'
        "p3,carol,2024-05-01T12:00:00Z,again spiegel.ltd/b,\n",
        encoding="utf-8",
    )
    runs = {}
    for name in ("duckdb", "spark"):
        extra = ["--spark-master", "local[2]"] if name == "spark" else []
        result = CliRunner().invoke(
            app, ["detect", "lookalike-domains", str(posts), "--engine", name, *extra]
        )
        assert result.exit_code == 0, result.output
        runs[name] = [json.loads(line) for line in result.stdout.splitlines()]
    assert runs["spark"] == runs["duckdb"]
    assert [(r["domain"], r["post_ids"]) for r in runs["spark"]] == [
        ("bild.work", ["p2"]),
        ("spiegel.ltd", ["p1", "p3"]),
    ]


def test_timestamps_are_utc_on_every_engine_whatever_the_host_zone(engine, tmp_path):
    import datetime as dt

    path = tmp_path / "times.parquet"
    moment = dt.datetime(2024, 5, 1, 10, 0, 30, 700000, tzinfo=dt.UTC)
    pq.write_table(pa.table({"t": pa.array([moment], pa.timestamp("us", tz="UTC"))}), path)
    table = engine.read([path], "times")
    result = engine.to_arrow(table.select(hour=table.t.hour(), day=table.t.date()))
    assert result.to_pylist() == [{"hour": 10, "day": dt.date(2024, 5, 1)}]


def test_a_persisted_result_and_a_driver_table_can_be_joined_and_read_again(engine, posts):
    table = engine.read([posts], "posts")
    counts = engine.persist(table.group_by("account_id").agg(n=table.post_id.count()), "counts")
    labels = engine.from_arrow(pa.table({"account_id": ["a0", "a3"], "label": ["x", "y"]}), "l")
    joined = counts.join(labels, "account_id").order_by("account_id")
    first = engine.to_arrow(joined.select("account_id", "n", "label")).to_pylist()
    again = engine.to_arrow(joined.select("account_id", "n", "label")).to_pylist()
    assert (
        first
        == again
        == [
            {"account_id": "a0", "n": 15, "label": "x"},
            {"account_id": "a3", "n": 14, "label": "y"},
        ]
    )
