"""Bad input names file, row and column, and leaves nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cdnet.analysis.ingest import ingest
from cdnet.errors import BadInput

HEADER = "post_id,account_id,created_at\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def failure(paths: list[Path], out: Path, **options: object) -> BadInput:
    with pytest.raises(BadInput) as caught:
        ingest(paths, out, **options)  # type: ignore[arg-type]
    return caught.value


def test_ingest_reports_file_row_and_column_of_an_unparsable_timestamp(tmp_path):
    path = write(tmp_path / "p.csv", HEADER + "1,a,2024-05-01T10:00:00Z\n2,b,yesterday\n")
    error = failure([path], tmp_path / "out")
    assert (error.file, error.row, error.field) == (str(path), 3, "created_at")
    assert "ISO 8601" in error.reason
    assert str(error) == f"{path}:3:created_at: {error.reason}"


def test_csv_rows_are_counted_as_lines_even_after_a_value_spanning_lines(tmp_path):
    text = HEADER[:-1] + ",text\n" + '1,a,2024-05-01T00:00Z,"two\nlines"\n2,b,2024-13-01T00:00Z,x\n'
    error = failure([write(tmp_path / "p.csv", text)], tmp_path / "out")
    assert (error.row, error.field) == (4, "created_at")


def test_the_first_bad_row_is_reported_even_when_a_later_column_is_bad_earlier(tmp_path):
    text = "channel_id,platform,name,followers\nc1,x,A,many\n,x,B,3\n"
    error = failure([write(tmp_path / "c.csv", text)], tmp_path / "out")
    assert (error.row, error.field, error.reason) == (2, "followers", "expected a whole number")


def test_an_empty_required_value_is_refused(tmp_path):
    error = failure([write(tmp_path / "p.csv", HEADER + "1,,2024-05-01T00:00Z\n")], tmp_path / "o")
    assert (error.row, error.field, error.reason) == (2, "account_id", "a value is required")


def test_a_missing_required_column_is_reported_on_the_header_line(tmp_path):
    path = write(tmp_path / "p.csv", "post_id,created_at\n1,2024-05-01T00:00Z\n")
    error = failure([path], tmp_path / "out", table="posts")
    assert (error.row, error.field) == (1, "account_id")


def test_a_header_of_no_known_table_asks_for_format(tmp_path):
    error = failure([write(tmp_path / "x.csv", "id,when\n1,2\n")], tmp_path / "out")
    assert "--format" in error.reason and error.row == 1


def test_a_row_with_too_many_fields_is_a_broken_row(tmp_path):
    path = write(tmp_path / "p.csv", HEADER + "1,a,2024-05-01T00:00Z\n2,b,2024-05-01T00:00Z,x\n")
    error = failure([path], tmp_path / "out")
    assert error.row == 3
    assert "expected 3 fields" in error.reason


def test_a_json_line_that_is_not_an_object_is_reported_with_its_line(tmp_path):
    good = json.dumps({"post_id": "1", "account_id": "a", "created_at": "2024-05-01T00:00Z"})
    path = write(tmp_path / "p.jsonl", f"{good}\n\n[1, 2]\n")
    error = failure([path], tmp_path / "out")
    assert (error.row, error.reason) == (3, "expected a JSON object on each line")


def test_an_unknown_closed_value_is_refused_with_the_allowed_ones(tmp_path):
    text = "notice_id,platform,content_url,mechanism,submitted_at\n"
    text += "n1,x,https://x.example/1,email,2024-05-01T00:00Z\n"
    error = failure([write(tmp_path / "n.csv", text)], tmp_path / "out")
    assert error.field == "mechanism"
    assert error.reason == "expected one of art16, other, tos, trusted_flagger"


def test_a_broken_list_cell_is_refused(tmp_path):
    path = write(tmp_path / "p.csv", HEADER[:-1] + ',links\n1,a,2024-05-01T00:00Z,"[""a"",]"\n')
    error = failure([path], tmp_path / "out")
    assert (error.row, error.field) == (2, "links")


def test_text_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(HEADER.encode() + "1,a,2024-05-01T00:00Z\n".encode("utf-16"))
    error = failure([path], tmp_path / "out")
    assert "UTF-8" in error.reason


def test_an_unknown_extension_is_refused(tmp_path):
    error = failure([write(tmp_path / "p.xlsx", "x")], tmp_path / "out")
    assert "unknown file type" in error.reason


def test_a_failure_in_a_later_file_leaves_the_output_folder_as_it_was(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    old = pa.table({"post_id": ["old"]})
    pq.write_table(old, out / "posts.parquet")
    good = write(tmp_path / "a.csv", HEADER + "1,a,2024-05-01T00:00Z\n")
    channels = write(tmp_path / "b.csv", "channel_id,platform,name\nc1,x,A\n")
    bad = write(tmp_path / "c.csv", HEADER + "2,b,not a time\n")
    failure([good, channels, bad], out)
    assert sorted(p.name for p in out.iterdir()) == ["posts.parquet"]
    assert pq.read_table(out / "posts.parquet").equals(old)


def test_a_failure_does_not_leave_a_new_empty_output_folder(tmp_path):
    failure([write(tmp_path / "p.csv", HEADER + "1,a,never\n")], tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_with_on_error_skip_bad_rows_are_dropped_and_counted(tmp_path):
    text = HEADER + "1,a,2024-05-01T00:00Z\n2,b,never\n"
    text += "3,c,2024-05-01T00:00Z,extra\n4,d,2024-05-02T00:00Z\n"
    summary = ingest([write(tmp_path / "p.csv", text)], tmp_path / "out", on_error="skip")
    assert (summary.rows_read, summary.rows_written, summary.rows_skipped) == (4, 2, 2)
    ids = pq.read_table(tmp_path / "out" / "posts.parquet").column("post_id").to_pylist()
    assert ids == ["1", "4"]
