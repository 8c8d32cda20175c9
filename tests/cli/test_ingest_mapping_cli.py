"""`cdnet ingest --mapping`: any CSV onto a canonical table from the command line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from cdnet.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "mapping"
CSV = FIXTURES / "page_posts.csv"
MAPPING = FIXTURES / "page_posts.toml"


def cdnet(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_ingest_with_a_mapping_writes_the_mapped_posts_and_a_summary(tmp_path):
    out = tmp_path / "out"
    result = cdnet("ingest", CSV, "--mapping", MAPPING, "--out", out)
    assert result.exit_code == 0, result.output
    assert "posts: 3 rows read, 3 written, 0 skipped" in result.stderr
    rows = pq.read_table(out / "posts.parquet").to_pylist()
    assert [(r["post_id"], r["account_id"], r["platform"]) for r in rows] == [
        ("1001", "page-42", "facebook"),
        ("1002", "page-43", "facebook"),
        ("1003", "page-42", "facebook"),
    ]
    assert rows[0]["created_at"] == datetime(2024, 6, 4, 7, 15, tzinfo=UTC)


def test_ingest_with_a_wrong_mapping_exits_2_naming_the_mapping_key_and_writes_nothing(tmp_path):
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        MAPPING.read_text(encoding="utf-8").replace("text = ", "body = "), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = cdnet("ingest", CSV, "--mapping", mapping, "--out", out)
    assert result.exit_code == 2
    assert f"{mapping}:columns.body: not a column of the posts table" in result.stderr.replace(
        "\n", ""
    )
    assert not out.exists()


def test_ingest_with_a_bad_value_exits_2_naming_the_csv_row_and_column(tmp_path):
    data = tmp_path / "page_posts.csv"
    data.write_text(CSV.read_text(encoding="utf-8").replace("04/06/2024 23:30", "24/13/2024"))
    out = tmp_path / "out"
    result = cdnet("ingest", data, "--mapping", MAPPING, "--out", out)
    assert result.exit_code == 2
    assert f"{data}:3:Posted: '24/13/2024' does not match" in result.stderr.replace("\n", "")
    assert not out.exists()
