"""TikTok Research API video pages and lines become posts with epoch times turned into UTC."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cdnet.analysis.ingest import ingest
from cdnet.analysis.ingest.formats import detect_format
from cdnet.errors import BadInput

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
PAGES = FIXTURES / "tiktok_research_pages.json"
LINES = FIXTURES / "tiktok_research_videos.jsonl"


def posts(paths: list[Path], out: Path, **options: object) -> dict[str, dict[str, object]]:
    ingest(paths, out, **options)  # type: ignore[arg-type]
    return {row["post_id"]: row for row in pq.read_table(out / "posts.parquet").to_pylist()}


def test_the_sniffer_recognises_tiktok_pages_and_lines_but_not_x_or_telegram():
    assert detect_format(PAGES).NAME == "tiktok-research"
    assert detect_format(LINES).NAME == "tiktok-research"
    assert detect_format(FIXTURES / "x_api_v2_page.json").NAME == "x-api-v2"
    assert detect_format(FIXTURES / "telegram_channel.json").NAME == "telegram"


def test_a_page_array_with_bom_and_crlf_maps_ids_time_url_country_and_links(tmp_path):
    row = posts([PAGES], tmp_path / "out")["7350000000000000001"]
    assert row["account_id"] == row["account_name"] == "alice_analyst"
    assert row["created_at"] == datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    assert row["platform"] == "tiktok"
    assert row["country"] == "FR"
    assert row["url"] == "https://www.tiktok.com/@alice_analyst/video/7350000000000000001"
    assert row["links"] == ["https://lemonde.ltd/article", "https://example.org/a"]
    assert row["text"].startswith("Voir hxxps://lemonde[.]ltd/article")
    assert row["mentions"] == ["bob_reviewer"]


def test_other_video_fields_are_kept_as_extra_columns(tmp_path):
    rows = posts([PAGES], tmp_path / "out")
    first, second = rows["7350000000000000001"], rows["7350000000000000002"]
    assert (first["like_count"], first["view_count"], first["music_id"]) == (
        "120",
        "2500",
        "7340000000000000009",
    )
    assert json.loads(first["hashtag_names"]) == ["vote", "europe"]
    assert (first["is_stem_verified"], first["voice_to_text"]) == ("false", "bonjour")
    assert (second["links"], second["comment_count"]) == ([], None)


def test_missing_fields_leave_columns_empty_on_the_second_page(tmp_path):
    row = posts([PAGES], tmp_path / "out")["7350000000000000003"]
    assert (row["country"], row["text"], row["links"]) == (None, None, [])
    assert row["created_at"] == datetime(2024, 5, 1, 11, 0, tzinfo=UTC)


def test_lines_hold_pages_or_bare_videos_and_a_string_epoch_is_read(tmp_path):
    rows = posts([LINES], tmp_path / "out", on_error="skip")
    assert sorted(rows) == ["7350000000000000004", "7350000000000000005"]
    assert rows["7350000000000000004"]["created_at"] == datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert rows["7350000000000000004"]["links"] == ["https://example.net/x"]
    assert rows["7350000000000000005"]["url"].endswith("@erin_editor/video/7350000000000000005")


def test_a_bad_create_time_stops_the_ingest_naming_file_line_and_field(tmp_path):
    with pytest.raises(BadInput) as caught:
        ingest([LINES], tmp_path / "out")
    assert str(caught.value) == f"{LINES}:3:create_time: expected UNIX epoch seconds"
    assert not (tmp_path / "out").exists()


def test_skip_counts_the_bad_video_and_the_error_page(tmp_path):
    summary = ingest([LINES], tmp_path / "out", on_error="skip")
    assert (summary.rows_read, summary.rows_written, summary.rows_skipped) == (4, 2, 2)


def test_an_error_page_names_the_api_error(tmp_path):
    source = tmp_path / "error.jsonl"
    source.write_text(LINES.read_text().splitlines()[3] + "\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out", fmt="tiktok-research")
    assert str(caught.value).startswith(f"{source}:1:error: the API returned an error")
    assert "rate_limit_exceeded daily quota used" in str(caught.value)


def test_a_huge_description_is_read_whole(tmp_path):
    video = {
        "id": 1,
        "create_time": 1714554000,
        "username": "bob",
        "video_description": "x" * 300_000,
    }
    source = tmp_path / "huge.jsonl"
    source.write_text(json.dumps(video) + "\n", encoding="utf-8")
    row = posts([source], tmp_path / "out")["1"]
    assert len(row["text"]) == 300_000


def test_a_video_without_username_has_no_account_and_stops_with_the_field(tmp_path):
    source = tmp_path / "anon.json"
    source.write_text(json.dumps({"id": 9, "create_time": 1714554000}), encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out", fmt="tiktok-research")
    assert str(caught.value) == f"{source}:1:account_id: a value is required"
