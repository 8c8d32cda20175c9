"""CooRTweet sharing logs become posts: URLs shared go to links, other objects to reshare_of."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cdnet.analysis.ingest import ingest
from cdnet.analysis.ingest.formats import detect_format
from cdnet.errors import BadInput

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
SLICE = FIXTURES / "coortweet_russian_slice.csv"
EXTRA = (
    "object_id,account_id,content_id,timestamp_share,text,post_id\r\n"
    "hxxps://example[.]com/a,alice,c1,1714557600,shared it,p1\r\n"
    "#wahl,bob,c2,1714557601.5,,p2\r\n"
    "https://example.org/b,carol,c3,soon,,p3\r\n"
)


def posts(paths: list[Path], out: Path, **options: object) -> dict[str, dict[str, object]]:
    ingest(paths, out, **options)  # type: ignore[arg-type]
    return {row["post_id"]: row for row in pq.read_table(out / "posts.parquet").to_pylist()}


def write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_the_sniffer_recognises_the_log_and_not_a_canonical_posts_file(tmp_path):
    assert detect_format(SLICE).NAME == "coortweet"
    header = "post_id,created_at,object_id,account_id,content_id,timestamp_share\n"
    canonical = write(tmp_path / "p.csv", header)
    assert detect_format(canonical) is None


def test_the_real_slice_maps_every_share_with_retweeted_ids_as_reshares(tmp_path):
    rows = posts([SLICE], tmp_path / "out")
    with SLICE.open(encoding="utf-8") as handle:
        source = list(csv.DictReader(handle))
    assert len(rows) == len(source) == 25
    first = source[0]
    row = rows[first["content_id"]]
    assert row["account_id"] == first["account_id"]
    assert row["reshare_of"] == row["object_id"] == first["object_id"]
    assert row["links"] == []
    assert row["created_at"] == datetime.fromtimestamp(int(first["timestamp_share"]), UTC)


def test_a_url_object_goes_to_links_refanged_and_extra_columns_are_kept(tmp_path):
    source = write(tmp_path / "log.csv", EXTRA, bom=True)
    rows = posts([source], tmp_path / "out", on_error="skip")
    row = rows["c1"]
    assert (row["links"], row["reshare_of"]) == (["https://example.com/a"], None)
    assert (row["text"], row["source_post_id"]) == ("shared it", "p1")
    assert row["created_at"] == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def test_a_hashtag_object_goes_to_reshare_of_and_fractional_seconds_are_kept(tmp_path):
    source = write(tmp_path / "log.csv", EXTRA)
    row = posts([source], tmp_path / "out", on_error="skip")["c2"]
    assert (row["reshare_of"], row["links"], row["text"]) == ("#wahl", [], None)
    assert row["created_at"] == datetime(2024, 5, 1, 10, 0, 1, 500000, tzinfo=UTC)


def test_a_bad_timestamp_names_the_line_and_timestamp_share(tmp_path):
    source = write(tmp_path / "log.csv", EXTRA)
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out")
    assert str(caught.value) == f"{source}:4:timestamp_share: expected UNIX epoch seconds"
    assert not (tmp_path / "out").exists()


def test_skip_counts_the_bad_row(tmp_path):
    source = write(tmp_path / "log.csv", EXTRA)
    summary = ingest([source], tmp_path / "out", on_error="skip")
    assert (summary.rows_read, summary.rows_written, summary.rows_skipped) == (3, 2, 1)


def test_a_missing_account_is_required(tmp_path):
    source = write(
        tmp_path / "log.csv", "object_id,account_id,content_id,timestamp_share\nx,,c9,1\n"
    )
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out")
    assert str(caught.value) == f"{source}:2:account_id: a value is required"


def test_a_huge_extra_cell_is_read_whole(tmp_path):
    text = "q" * 300_000
    source = write(
        tmp_path / "log.csv",
        f"object_id,account_id,content_id,timestamp_share,text\nx,a,c,1,{text}\n",
    )
    assert posts([source], tmp_path / "out")["c"]["text"] == text
