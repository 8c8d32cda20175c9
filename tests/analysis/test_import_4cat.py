"""4CAT CSV exports and NDJSON items become posts, read by the shape each item has."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cdnet.analysis.ingest import ingest
from cdnet.analysis.ingest.formats import detect_format
from cdnet.errors import BadInput

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
EXPORT = FIXTURES / "fourcat_x_export.csv"
ITEMS = FIXTURES / "fourcat_items.ndjson"
TWEETS = FIXTURES / "fourcat_tweets.ndjson"
TELEGRAM_CSV = (
    "id,thread_id,chat,author,author_username,author_name,body,timestamp,unix_timestamp\r\n"
    "erinnews-5,erinnews,erinnews,1001,erinnews,Erin,Siehe hxxps://example[.]com/p.,"
    "2024-05-01 10:00:00,1714557600\r\n"
    "erinnews-6,erinnews,erinnews,1001,erinnews,Erin,kein Datum,undefined,undefined\r\n"
)


def posts(paths: list[Path], out: Path, **options: object) -> dict[str, dict[str, object]]:
    ingest(paths, out, **options)  # type: ignore[arg-type]
    return {row["post_id"]: row for row in pq.read_table(out / "posts.parquet").to_pylist()}


def test_the_sniffer_recognises_4cat_csv_and_ndjson_but_not_canonical_or_crowdtangle(tmp_path):
    assert detect_format(EXPORT).NAME == "4cat"
    assert detect_format(ITEMS).NAME == "4cat"
    canonical = tmp_path / "posts.csv"
    canonical.write_text("post_id,account_id,created_at,id,body,timestamp,author\n")
    assert detect_format(canonical) is None
    crowdtangle = detect_format(FIXTURES / "crowdtangle_facebook.csv")
    assert crowdtangle is None or crowdtangle.NAME != "4cat"


def test_a_csv_export_with_bom_crlf_maps_author_id_handle_time_and_link_columns(tmp_path):
    row = posts([EXPORT], tmp_path / "out")["1790000000000000101"]
    assert (row["account_id"], row["account_name"]) == ("111", "alice_analyst")
    assert row["created_at"] == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert row["text"] == "Look at this\r\nhxxps://faz[.]ltd/a"
    assert row["url"] == "https://x.com/alice_analyst/status/1790000000000000101"
    assert row["platform"] == "x"
    assert row["links"] == ["https://faz.ltd/a", "https://example.org/z"]
    assert row["mentions"] == ["bob_reviewer", "carol_coord"]
    assert row["lang"] == "en"


def test_other_csv_columns_are_kept_and_a_canonical_name_gets_a_prefix(tmp_path):
    rows = posts([EXPORT], tmp_path / "out")
    first, second = rows["1790000000000000101"], rows["1790000000000000102"]
    assert (first["like_count"], first["thread_id"], first["4cat_text"]) == (
        "3",
        "1790000000000000101",
        "dup",
    )
    assert "id" not in first and "body" not in first
    assert (second["links"], second["lang"], second["4cat_text"]) == ([], None, None)


def test_a_naive_4cat_timestamp_is_utc_without_a_warning(tmp_path):
    warnings: list[str] = []
    row = posts([EXPORT], tmp_path / "out", on_warning=warnings.append)["1790000000000000102"]
    assert row["created_at"] == datetime(2024, 5, 1, 10, 5, tzinfo=UTC)
    assert warnings == []


def test_without_a_links_column_links_come_from_urls_in_the_body(tmp_path):
    source = tmp_path / "telegram-export.csv"
    source.write_text(TELEGRAM_CSV, encoding="utf-8")
    rows = posts([source], tmp_path / "out", on_error="skip")
    row = rows["erinnews-5"]
    assert (row["account_id"], row["account_name"]) == ("1001", "erinnews")
    assert row["links"] == ["https://example.com/p"]
    assert list(rows) == ["erinnews-5"]


def test_an_undefined_timestamp_names_the_line_and_the_column(tmp_path):
    source = tmp_path / "telegram-export.csv"
    source.write_text(TELEGRAM_CSV, encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out")
    assert str(caught.value) == (
        f"{source}:3:unix_timestamp: expected UNIX epoch seconds or YYYY-MM-DD HH:MM:SS (UTC)"
    )
    assert not (tmp_path / "out").exists()


def test_a_row_with_too_few_fields_is_broken_and_skip_counts_it(tmp_path):
    source = tmp_path / "short.csv"
    source.write_text(TELEGRAM_CSV.splitlines()[0] + "\nx,y,z\n" + TELEGRAM_CSV.splitlines()[1])
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out")
    assert str(caught.value) == f"{source}:2: expected 9 fields as in the header, found 3"
    summary = ingest([source], tmp_path / "out", on_error="skip")
    assert (summary.rows_read, summary.rows_written, summary.rows_skipped) == (2, 1, 1)


def test_a_huge_body_cell_is_read_whole(tmp_path):
    source = tmp_path / "huge.csv"
    body = "z" * 300_000
    source.write_text(f"id,thread_id,author,body,timestamp\n1,1,alice,{body},2024-05-01 10:00:00\n")
    assert posts([source], tmp_path / "out")["1"]["text"] == body


def test_a_zeeschuimer_tiktok_item_is_read_as_a_tiktok_video(tmp_path):
    row = posts([ITEMS], tmp_path / "out", on_error="skip")["7350000000000000201"]
    assert (row["account_id"], row["account_name"]) == ("dave_debunk", "Dave D")
    assert row["created_at"] == datetime(2024, 5, 1, 11, 0, tzinfo=UTC)
    assert row["url"] == "https://www.tiktok.com/@dave_debunk/video/7350000000000000201"
    assert (row["platform"], row["links"]) == ("tiktok", ["https://example.com/tt"])


def test_a_telegram_item_follows_cdnets_telegram_ids_and_gives_the_forward(tmp_path):
    row = posts([ITEMS], tmp_path / "out", on_error="skip")["1001/42"]
    assert (row["account_id"], row["account_name"]) == ("channel1001", "erinnews")
    assert row["created_at"] == datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert row["reshare_of"] == "2002/7"
    assert row["url"] == "https://t.me/erinnews/42"
    assert row["links"] == ["https://example.net/t", "https://example.org/hidden"]
    assert (row["mentions"], row["chat_name"]) == (["someone"], "Erin News")


def test_a_normalised_item_with_an_integer_timestamp_is_read(tmp_path):
    row = posts([ITEMS], tmp_path / "out", on_error="skip")["555"]
    assert (row["account_id"], row["text"]) == ("Anonymous", "see hxxp://bild[.]work/q")
    assert row["created_at"] == datetime(2024, 5, 1, 13, 0, tzinfo=UTC)
    assert (row["links"], row["thread_id"], row["country_name"]) == (
        ["http://bild.work/q"],
        "550",
        "Germany",
    )


def test_an_item_of_an_unknown_data_source_is_broken_and_counted(tmp_path):
    with pytest.raises(BadInput) as caught:
        ingest([ITEMS], tmp_path / "out")
    assert str(caught.value).startswith(f"{ITEMS}:4: expected a 4CAT item")
    summary = ingest([ITEMS], tmp_path / "out", on_error="skip")
    assert (summary.rows_read, summary.rows_written, summary.rows_skipped) == (4, 3, 1)


def test_a_4cat_tweet_is_read_like_an_x_api_tweet_with_its_embedded_author(tmp_path):
    row = posts([TWEETS], tmp_path / "out", fmt="4cat")["1790000000000000301"]
    assert (row["account_id"], row["account_name"]) == ("333", "carol_coord")
    assert row["reshare_of"] == "1790000000000000101"
    assert (row["platform"], row["links"]) == ("x", ["https://example.org/r"])
    assert row["url"] == "https://x.com/carol_coord/status/1790000000000000301"
