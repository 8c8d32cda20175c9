"""`cdnet ingest ... --dataset NAME` registers what it wrote as a dataset of the app."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cdnet.cases.models import Dataset
from cdnet.cli import app

POSTS = (
    "post_id,account_id,created_at,text\n"
    "p1,alice,2024-05-01T10:00:00Z,one\n"
    "p2,bob,2024-05-01T11:00:00,two\n"
)
MORE = "post_id,account_id,created_at,text\np3,carol,2024-05-02T10:00:00Z,three\n"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATASETS_ROOT = tmp_path / "datasets"
    return settings.DATASETS_ROOT


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ingest_with_dataset_registers_a_copy_with_provenance(network, tmp_path, data_dir):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(POSTS, encoding="utf-8")
    second.write_text(MORE, encoding="utf-8")
    out = tmp_path / "out"
    args = ["ingest", str(first), str(second), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--dataset", "May posts", "--user", "alice"])
    assert result.exit_code == 0, result.output
    dataset = Dataset.objects.get(name="May posts")
    assert dataset.table_rows == {"posts": 3} and dataset.rows == 3
    assert dataset.uploaded_by == network.alice and dataset.organisation == network.alpha
    manifest = "".join(sorted(f"{sha(p)}  {p.name}\n" for p in (first, second)))
    assert dataset.sha256 == hashlib.sha256(manifest.encode()).hexdigest()
    assert dataset.source == "a.csv, b.csv"
    assert dataset.size == first.stat().st_size + second.stat().st_size
    assert any("without a UTC offset" in w for w in dataset.warnings)
    copied = Path(dataset.path) / "posts.parquet"
    assert copied.parent.parent == data_dir and copied.is_file()
    assert pq.read_table(copied).column("post_id").to_pylist() == ["p1", "p2", "p3"]
    assert (out / "posts.parquet").is_file()  # the user's own output stays where asked
    assert dataset.stats["posts"], "column statistics are computed at registration"


def test_an_unknown_user_stops_before_anything_is_written(network, tmp_path):
    posts = tmp_path / "a.csv"
    posts.write_text(POSTS, encoding="utf-8")
    out = tmp_path / "out"
    args = ["ingest", str(posts), "--out", str(out), "--dataset", "x", "--user", "nobody"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 3
    assert "no user 'nobody'" in result.output
    assert not out.exists() and not Dataset.objects.exists()


def test_user_without_dataset_is_bad_input(tmp_path):
    posts = tmp_path / "a.csv"
    posts.write_text(POSTS, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["ingest", str(posts), "--out", str(tmp_path / "o"), "--user", "alice"]
    )
    assert result.exit_code == 2 and "--dataset" in result.output
