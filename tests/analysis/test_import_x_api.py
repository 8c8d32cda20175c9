"""X API v2 pages and twarc2 JSON Lines become posts with handles, expanded links and reshares."""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cdnet.analysis.ingest import ingest
from cdnet.analysis.ingest.formats import detect_format
from cdnet.cli import app
from cdnet.errors import BadInput

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
PAGE = FIXTURES / "x_api_v2_page.json"
TWARC = FIXTURES / "x_api_v2_twarc2.jsonl"
BROKEN = FIXTURES / "x_api_v2_broken.jsonl"


def posts(paths: list[Path], out: Path, **options: object) -> dict[str, dict[str, object]]:
    ingest(paths, out, **options)  # type: ignore[arg-type]
    return {row["post_id"]: row for row in pq.read_table(out / "posts.parquet").to_pylist()}


def test_the_sniffer_recognises_x_pages_and_twarc_lines_but_not_telegram():
    assert detect_format(PAGE).NAME == "x-api-v2"
    assert detect_format(TWARC).NAME == "x-api-v2"
    assert detect_format(FIXTURES / "telegram_channel.json").NAME != "x-api-v2"


def test_a_page_with_bom_and_crlf_maps_ids_handles_time_and_url(tmp_path):
    row = posts([PAGE], tmp_path / "out")["1790000000000000001"]
    assert row["account_id"] == "2244994945"
    assert row["account_name"] == "XDevelopers"
    assert row["created_at"] == datetime(2024, 5, 13, 9, 15, tzinfo=UTC)
    assert row["platform"] == "x"
    assert row["lang"] == "en"
    assert row["url"] == "https://x.com/XDevelopers/status/1790000000000000001"
    assert row["mentions"] == ["XDevelopers"]


def test_links_are_the_expanded_or_unwound_urls_never_t_co(tmp_path):
    rows = posts([PAGE], tmp_path / "out")
    assert rows["1790000000000000001"]["links"] == [
        "https://example.org/report",
        "https://news.example.com/story?id=7",
    ]
    assert rows["1790000000000000005"]["links"] == []


def test_a_retweet_points_at_its_original_and_a_quote_is_not_a_reshare(tmp_path):
    rows = posts([PAGE], tmp_path / "out")
    retweet, quote = rows["1790000000000000002"], rows["1790000000000000003"]
    assert retweet["reshare_of"] == "1790000000000000001"
    assert retweet["account_name"] == "alice_analyst"
    assert quote["reshare_of"] is None
    assert quote["quote_of"] == "1790000000000000001"


def test_a_tweet_without_entities_keeps_a_defanged_url_in_its_text(tmp_path):
    row = posts([PAGE], tmp_path / "out")["1790000000000000004"]
    assert row["text"] == "Siehe hxxps://spiegel[.]ltd/artikel"
    assert (row["links"], row["mentions"]) == ([], [])


def test_twarc_lines_read_pages_without_includes_and_tweets_with_an_expanded_author(tmp_path):
    rows = posts([TWARC], tmp_path / "out")
    bare, flat = rows["1790000000000000010"], rows["1790000000000000011"]
    assert (bare["account_id"], bare["account_name"]) == ("3333333333", None)
    assert bare["url"] == "https://x.com/i/web/status/1790000000000000010"
    assert (flat["account_name"], flat["mentions"]) == ("carol_coord", ["carol_coord"])
    assert flat["links"] == ["https://example.net/x"]


def test_a_broken_line_stops_the_ingest_naming_file_and_line(tmp_path):
    with pytest.raises(BadInput) as caught:
        ingest([BROKEN], tmp_path / "out")
    assert str(caught.value).startswith(f"{BROKEN}:2: not valid JSON")
    assert not (tmp_path / "out").exists()


def test_a_bad_timestamp_names_the_line_and_the_created_at_field(tmp_path):
    source = tmp_path / "tweets.jsonl"
    source.write_text(BROKEN.read_text().splitlines()[2] + "\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out")
    assert str(caught.value).startswith(f"{source}:1:created_at: expected an ISO 8601")


def test_skip_drops_the_broken_line_and_the_bad_tweet_and_keeps_the_good_one(tmp_path):
    summary = ingest([BROKEN], tmp_path / "out", on_error="skip")
    rows = pq.read_table(tmp_path / "out" / "posts.parquet").to_pylist()
    assert [row["post_id"] for row in rows] == ["1790000000000000022"]
    assert (summary.rows_read, summary.rows_skipped) == (3, 2)


def test_format_x_api_v2_is_accepted_by_name(tmp_path):
    rows = posts([TWARC], tmp_path / "out", fmt="x-api-v2")
    assert rows["1790000000000000011"]["account_id"] == "4444444444"


def test_the_cli_picks_the_x_format_by_itself_in_a_folder(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(PAGE, folder / "page.json")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--out", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    rows = pq.read_table(tmp_path / "t" / "posts.parquet").to_pylist()
    assert rows[1]["reshare_of"] == "1790000000000000001"


def test_the_cli_accepts_format_x_api_v2_and_skips_bad_lines(tmp_path):
    out = tmp_path / "t"
    args = ["ingest", str(BROKEN), "--out", str(out), "--format", "x-api-v2", "--on-error", "skip"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert pq.read_table(out / "posts.parquet").column("post_id").to_pylist() == [
        "1790000000000000022"
    ]


def test_gzipped_twarc_lines_are_recognised_and_read(tmp_path):
    source = tmp_path / "search.jsonl.gz"
    source.write_bytes(gzip.compress(TWARC.read_bytes()))
    assert detect_format(source).NAME == "x-api-v2"
    rows = posts([source], tmp_path / "out")
    assert rows["1790000000000000011"]["links"] == ["https://example.net/x"]


def test_a_json_array_of_pages_numbers_tweets_across_pages(tmp_path):
    page = json.loads(PAGE.read_text(encoding="utf-8-sig"))
    broken = json.loads(BROKEN.read_text().splitlines()[2])
    source = tmp_path / "pages.json"
    source.write_text(json.dumps([page, broken]), encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out")
    assert str(caught.value).startswith(f"{source}:6:created_at:")
