"""YouTube Data API videos, search results and comment threads become posts."""

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
VIDEOS = FIXTURES / "youtube_videos.json"
LINES = FIXTURES / "youtube_search_comments.jsonl"


def posts(paths: list[Path], out: Path, **options: object) -> dict[str, dict[str, object]]:
    ingest(paths, out, **options)  # type: ignore[arg-type]
    return {row["post_id"]: row for row in pq.read_table(out / "posts.parquet").to_pylist()}


def test_the_sniffer_recognises_youtube_responses_and_not_tiktok_or_x():
    assert detect_format(VIDEOS).NAME == "youtube-data"
    assert detect_format(LINES).NAME == "youtube-data"
    assert detect_format(FIXTURES / "tiktok_research_pages.json").NAME == "tiktok-research"
    assert detect_format(FIXTURES / "x_api_v2_twarc2.jsonl").NAME == "x-api-v2"


def test_a_video_maps_channel_time_url_language_and_title_with_description(tmp_path):
    row = posts([VIDEOS], tmp_path / "out", on_warning=lambda message: None)["dQw4w9WgXcQ"]
    assert (row["account_id"], row["account_name"]) == (
        "UCalice000000000000000001",
        "Alice Analyst",
    )
    assert row["created_at"] == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert row["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert row["text"] == (
        "Wahlen 2024\n\nQuelle: hxxps://bild[.]work/artikel\nmehr: https://example.org/b"
    )
    assert row["links"] == ["https://bild.work/artikel", "https://example.org/b"]
    assert (row["platform"], row["lang"]) == ("youtube", "de")


def test_statistics_and_tags_are_kept_as_extra_columns(tmp_path):
    row = posts([VIDEOS], tmp_path / "out", on_warning=lambda message: None)["dQw4w9WgXcQ"]
    assert (row["view_count"], row["like_count"], row["comment_count"]) == ("1000", "50", "7")
    assert (row["title"], row["duration"]) == ("Wahlen 2024", "PT4M13S")
    assert json.loads(row["tags"]) == ["wahl", "eu"]


def test_a_naive_published_at_is_read_as_utc_with_a_warning(tmp_path):
    warnings: list[str] = []
    row = posts([VIDEOS], tmp_path / "out", on_warning=warnings.append)["abcdefghijk"]
    assert row["created_at"] == datetime(2024, 5, 2, 8, 30, tzinfo=UTC)
    assert (row["text"], row["links"], row["lang"]) == ("Only a title", [], None)
    assert warnings == [f"{VIDEOS}: timestamps without a UTC offset were read as UTC"]


def test_search_results_keep_videos_and_pass_over_channels(tmp_path):
    rows = posts([LINES], tmp_path / "out", on_error="skip")
    hit = rows["vid00000001"]
    assert (hit["account_id"], hit["account_name"]) == ("UCcarol0000000000000000003", "Carol")
    assert hit["links"] == ["https://example.com/c"]
    assert "UCdave" not in rows


def test_comments_point_at_their_video_and_replies_at_their_parent(tmp_path):
    rows = posts([LINES], tmp_path / "out", on_error="skip")
    top, reply = rows["UgxTHREAD1"], rows["UgxTHREAD1.REPLY1"]
    assert (top["account_id"], top["account_name"]) == ("UCerin0000000000000000005", "@erin")
    assert top["text"] == "Fake! see hxxp://spiegel[.]ltd/x"
    assert top["links"] == ["http://spiegel.ltd/x"]
    assert (top["reply_to"], top["video_id"], top["like_count"]) == (
        "dQw4w9WgXcQ",
        "dQw4w9WgXcQ",
        "2",
    )
    assert top["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxTHREAD1"
    assert (reply["reply_to"], reply["account_id"]) == ("UgxTHREAD1", "UCfrank000000000000000006")
    assert reply["created_at"] == datetime(2024, 5, 1, 11, 5, tzinfo=UTC)


def test_a_broken_line_stops_the_ingest_and_writes_nothing(tmp_path):
    with pytest.raises(BadInput) as caught:
        ingest([LINES], tmp_path / "out")
    assert str(caught.value).startswith(f"{LINES}:3: not valid JSON")
    assert not (tmp_path / "out").exists()


def test_skip_counts_the_broken_line(tmp_path):
    summary = ingest([LINES], tmp_path / "out", on_error="skip")
    assert (summary.rows_read, summary.rows_written, summary.rows_skipped) == (4, 3, 1)


def test_a_bad_published_at_names_the_item_and_created_at(tmp_path):
    page = json.loads(VIDEOS.read_text(encoding="utf-8"))
    page["items"][1]["snippet"]["publishedAt"] = "last tuesday"
    source = tmp_path / "videos.json"
    source.write_text(json.dumps([{"kind": "youtube#videoListResponse", "items": []}, page]))
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out")
    assert str(caught.value).startswith(f"{source}:2:created_at: expected an ISO 8601")


def test_an_unsupported_resource_kind_is_a_broken_item(tmp_path):
    source = tmp_path / "channels.jsonl"
    channel = {"kind": "youtube#channelListResponse", "items": [{"kind": "youtube#channel"}]}
    source.write_text(json.dumps(channel) + "\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out", fmt="youtube-data")
    assert str(caught.value) == (
        f"{source}:1:kind: expected a video, search result or comment, not 'youtube#channel'"
    )


def test_a_huge_description_is_read_whole(tmp_path):
    page = json.loads(VIDEOS.read_text(encoding="utf-8"))
    page["items"][0]["snippet"]["description"] = "y" * 300_000
    source = tmp_path / "huge.json"
    source.write_text(json.dumps(page), encoding="utf-8")
    row = posts([source], tmp_path / "out", on_warning=lambda message: None)["dQw4w9WgXcQ"]
    assert row["text"] == "Wahlen 2024\n\n" + "y" * 300_000
