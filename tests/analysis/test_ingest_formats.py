"""Ingest reads CSV, JSON Lines and Parquet into the canonical tables."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cdnet.analysis.ingest import ingest

POSTS_CSV = (
    "post_id,account_id,created_at,text,links,mentions,likes\r\n"
    '1,alice,2024-05-01T10:00:00Z,"Bonjour\r\ntout le monde",'
    "hxxps://lemonde[.]ltd/a https://example.org,@bob @carol,7\r\n"
    '2,bob,2024-05-01T12:30:00+02:00,Hallo,"[""https://bild[.]work/x""]",,\r\n'
)


def write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def rows(path: Path) -> list[dict[str, object]]:
    return pq.read_table(path).to_pylist()


def test_ingest_reads_a_csv_with_bom_crlf_and_a_quoted_newline(tmp_path):
    source = write(tmp_path / "posts.csv", POSTS_CSV, bom=True)
    summary = ingest([source], tmp_path / "out")
    assert summary.rows_read == summary.rows_written == 2
    first, second = rows(tmp_path / "out" / "posts.parquet")
    assert first["post_id"] == "1"
    assert first["text"] == "Bonjour\r\ntout le monde"
    assert first["created_at"] == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert second["created_at"] == datetime(2024, 5, 1, 10, 30, tzinfo=UTC)


def test_ingest_splits_list_cells_given_as_json_or_separated_by_spaces(tmp_path):
    source = write(tmp_path / "posts.csv", POSTS_CSV)
    ingest([source], tmp_path / "out")
    first, second = rows(tmp_path / "out" / "posts.parquet")
    assert first["mentions"] == ["@bob", "@carol"]
    assert second["mentions"] == []
    assert second["links"] == ["https://bild.work/x"]


def test_ingest_refangs_urls_in_link_columns_but_leaves_text_alone(tmp_path):
    text = "post_id,account_id,created_at,url,links,text\n1,a,2024-05-01T10:00:00Z,"
    text += "hXXp[:]//faz[.]ltd/x,example(.)com,see example[.]com\n"
    ingest([write(tmp_path / "p.csv", text)], tmp_path / "out")
    (row,) = rows(tmp_path / "out" / "posts.parquet")
    assert row["url"] == "http://faz.ltd/x"
    assert row["links"] == ["example.com"]
    assert row["text"] == "see example[.]com"


def test_ingest_keeps_unknown_columns_as_strings_after_the_canonical_ones(tmp_path):
    ingest([write(tmp_path / "posts.csv", POSTS_CSV)], tmp_path / "out")
    table = pq.read_table(tmp_path / "out" / "posts.parquet")
    assert table.schema.names[-1] == "likes"
    assert table.column("likes").to_pylist() == ["7", None]
    assert table.schema.field("links").type == pa.list_(pa.string())


def test_ingest_reads_gzipped_json_lines_with_typed_values_and_arrays(tmp_path):
    lines = [
        {"post_id": 3, "account_id": "carol", "created_at": "2024-05-02", "links": ["a[.]com"]},
        {},
        {"post_id": "4", "account_id": "dave", "created_at": "2024-05-02T08:00:00Z", "shares": 2},
    ]
    path = tmp_path / "posts.jsonl.gz"
    body = "\n".join("" if not obj else json.dumps(obj) for obj in lines) + "\n"
    path.write_bytes(gzip.compress(body.replace("{}", "").encode()))
    ingest([path], tmp_path / "out", on_warning=lambda message: None)
    first, second = rows(tmp_path / "out" / "posts.parquet")
    assert (first["post_id"], first["links"], first["shares"]) == ("3", ["a.com"], None)
    assert (second["post_id"], second["links"], second["shares"]) == ("4", None, "2")


def test_ingest_reads_parquet_and_converts_naive_timestamps_to_utc(tmp_path):
    table = pa.table(
        {
            "ad_id": ["a1"],
            "page_id": ["p1"],
            "text": ["Vote!"],
            "declared_category": ["Political"],
            "spend_max": [99],
            "delivery_start": pa.array([datetime(2024, 6, 1, 9)], pa.timestamp("s")),
        }
    )
    pq.write_table(table, tmp_path / "ads_export.parquet")
    warnings: list[str] = []
    summary = ingest(
        [tmp_path / "ads_export.parquet"], tmp_path / "out", on_warning=warnings.append
    )
    (row,) = rows(tmp_path / "out" / "ads.parquet")
    assert row["delivery_start"] == datetime(2024, 6, 1, 9, tzinfo=UTC)
    assert row["declared_category"] == "political"
    assert row["spend_max"] == 99.0
    assert list(summary.tables) == ["ads"]
    assert len(warnings) == 1 and "read as UTC" in warnings[0]


def test_naive_timestamps_are_read_as_utc_with_one_warning_per_file(tmp_path):
    text = "post_id,account_id,created_at\n1,a,2024-05-01 10:00\n2,b,2024-05-01T11:00:00\n"
    warnings: list[str] = []
    summary = ingest(
        [write(tmp_path / "p.csv", text)], tmp_path / "out", on_warning=warnings.append
    )
    assert warnings == [f"{tmp_path / 'p.csv'}: timestamps without a UTC offset were read as UTC"]
    assert summary.warnings == warnings
    times = [r["created_at"] for r in rows(tmp_path / "out" / "posts.parquet")]
    assert times == [datetime(2024, 5, 1, 10, tzinfo=UTC), datetime(2024, 5, 1, 11, tzinfo=UTC)]


def test_timestamps_with_offsets_give_no_warning(tmp_path):
    warnings: list[str] = []
    ingest([write(tmp_path / "p.csv", POSTS_CSV)], tmp_path / "out", on_warning=warnings.append)
    assert warnings == []


def test_two_files_of_the_same_table_become_one_parquet_with_all_their_columns(tmp_path):
    one = write(tmp_path / "one.csv", "post_id,account_id,created_at,a\n1,x,2024-01-01T00:00Z,A\n")
    two = write(tmp_path / "two.csv", "post_id,account_id,created_at,b\n2,y,2024-01-02T00:00Z,B\n")
    summary = ingest([one, two], tmp_path / "out")
    table = pq.read_table(tmp_path / "out" / "posts.parquet")
    assert table.column("post_id").to_pylist() == ["1", "2"]
    assert table.column("a").to_pylist() == ["A", None]
    assert table.column("b").to_pylist() == [None, "B"]
    assert summary.tables["posts"].files == [one, two]


def test_tables_are_detected_per_file_from_their_header(tmp_path):
    posts = write(tmp_path / "a.csv", "post_id,account_id,created_at\n1,x,2024-01-01\n")
    channels = write(tmp_path / "b.csv", "channel_id,platform,name,followers\nc1,telegram,Foo,12\n")
    summary = ingest([posts, channels], tmp_path / "out", on_warning=lambda m: None)
    assert sorted(summary.tables) == ["channels", "posts"]
    assert rows(tmp_path / "out" / "channels.parquet")[0]["followers"] == 12


def test_a_folder_stands_for_the_table_files_inside_it(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    write(folder / "posts.csv", "post_id,account_id,created_at\n1,x,2024-01-01T00:00:00Z\n")
    write(folder / "README.md", "not a table")
    summary = ingest([folder], tmp_path / "out")
    assert summary.rows_written == 1


def test_a_txt_file_is_a_domain_list_with_comments_and_blank_lines_skipped(tmp_path):
    path = write(tmp_path / "domains.txt", "# spoofs\nspiegel[.]ltd\n\nhxxps://bild[.]work/x\n")
    ingest([path], tmp_path / "out")
    assert [r["domain"] for r in rows(tmp_path / "out" / "domains.parquet")] == [
        "spiegel.ltd",
        "https://bild.work/x",
    ]


def test_a_large_file_is_read_in_several_batches_and_keeps_every_row(tmp_path):
    lines = ["post_id,account_id,created_at"] + [
        f"{i},acc{i % 7},2024-01-01T00:00:{i % 60:02d}Z" for i in range(1000)
    ]
    path = write(tmp_path / "big.csv", "\n".join(lines) + "\n")
    seen: list[int] = []
    summary = ingest(
        [path],
        tmp_path / "out",
        batch_rows=128,
        on_progress=lambda p, done, total: seen.append(done),
    )
    assert summary.rows_written == 1000
    assert len(seen) == 8 and seen[-1] == path.stat().st_size
    assert pq.read_table(tmp_path / "out" / "posts.parquet").column("post_id")[999].as_py() == "999"


def test_a_cell_far_larger_than_the_csv_modules_default_limit_is_read_whole(tmp_path):
    huge = "word " * 100_000  # 500,000 characters; the csv module stops at 131,072 by default
    path = tmp_path / "posts.csv"
    path.write_text(f'post_id,account_id,created_at,text\np1,a,2024-05-01T10:00:00Z,"{huge}"\n')
    ingest([path], tmp_path / "out")
    assert pq.read_table(tmp_path / "out" / "posts.parquet").column("text")[0].as_py() == huge
