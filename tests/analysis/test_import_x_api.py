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
from cdnet.analysis.ingest.formats import base, detect_format, jsonstream, x_api_v2
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


INCLUDES = FIXTURES / "x_api_v2_includes.jsonl"


def test_included_originals_become_posts_once_each_marked_included(tmp_path):
    table = pq.read_table(ingest_to(INCLUDES, tmp_path))
    ids = table.column("post_id").to_pylist()
    assert ids == [
        "1790000000000000031",
        "1790000000000000032",
        "1790000000000000033",
        "1790000000000000001",
        "1790000000000000041",
        "1790000000000000034",
    ]
    rows = {row["post_id"]: row for row in table.to_pylist()}
    original = rows["1790000000000000001"]
    assert original["included"] == "true"
    assert original["account_id"] == "2222222222"
    assert original["account_name"] == "bob_reviewer"
    assert original["created_at"] == datetime(2024, 5, 10, 8, 0, tzinfo=UTC)
    assert original["links"] == ["https://example.org/original"]
    assert original["url"] == "https://x.com/bob_reviewer/status/1790000000000000001"
    assert rows["1790000000000000031"]["included"] is None


def test_every_retweet_reshare_of_resolves_to_a_post_of_the_table(tmp_path):
    rows = pq.read_table(ingest_to(INCLUDES, tmp_path)).to_pylist()
    ids = {row["post_id"] for row in rows}
    reshares = [row["reshare_of"] for row in rows if row["reshare_of"]]
    assert reshares == ["1790000000000000001", "1790000000000000041", "1790000000000000001"]
    assert set(reshares) <= ids


def test_a_tweet_seen_first_as_included_is_not_repeated_when_it_comes_as_a_result(tmp_path):
    rows = pq.read_table(ingest_to(INCLUDES, tmp_path)).to_pylist()
    later = [row for row in rows if row["post_id"] == "1790000000000000041"]
    assert len(later) == 1
    assert (later[0]["included"], later[0]["account_name"]) == ("true", "carol_coord")


def test_an_included_tweet_without_author_or_time_is_left_out(tmp_path):
    rows = pq.read_table(ingest_to(INCLUDES, tmp_path)).to_pylist()
    reply = next(row for row in rows if row["post_id"] == "1790000000000000033")
    assert reply["reply_to"] == "1790000000000000099"
    assert "1790000000000000099" not in {row["post_id"] for row in rows}


def test_an_original_also_in_the_results_of_the_page_is_not_repeated(tmp_path):
    rows = posts([PAGE], tmp_path / "out")
    assert len(rows) == 5
    assert rows["1790000000000000001"]["included"] is None
    assert rows["1790000000000000001"]["mentions"] == ["XDevelopers"]


def test_a_json_array_of_pages_is_streamed_page_by_page(tmp_path, monkeypatch):
    pages = [json.loads(line) for line in INCLUDES.read_text(encoding="utf-8").splitlines()]
    source = tmp_path / "pages.json"
    source.write_text(json.dumps(pages, indent=1), encoding="utf-8")
    monkeypatch.setattr(jsonstream, "CHUNK", 7)
    rows = pq.read_table(ingest_to(source, tmp_path)).to_pylist()
    assert [row["post_id"][-2:] for row in rows] == ["31", "32", "33", "01", "41", "34"]
    assert rows[3]["included"] == "true"


def test_a_broken_page_in_a_json_array_names_the_line(tmp_path):
    source = tmp_path / "pages.json"
    source.write_text('[\n{"data": []},\n{"data": [}\n]\n', encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out", fmt="x-api-v2")
    assert str(caught.value).startswith(f"{source}:3: not valid JSON")


def test_the_reader_reports_bytes_read_while_the_records_stream(tmp_path, monkeypatch):
    monkeypatch.setattr(base, "LINE_BLOCK", 4096)
    source = tmp_path / "big.jsonl"
    tweet = json.loads(TWARC.read_text(encoding="utf-8").splitlines()[2])
    lines = [json.dumps({**tweet, "id": str(1790000000000100000 + n)}) for n in range(2000)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seen: list[tuple[int, int]] = []
    ingest(
        [source],
        tmp_path / "out",
        batch_rows=100,
        on_progress=lambda path, done, total: seen.append((done, total)),
    )
    total = source.stat().st_size
    middle = [done for done, _ in seen if 0 < done < total]
    assert middle, seen[:5]
    assert middle == sorted(middle)
    assert seen[-1] == (total, total)


def ingest_to(source: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    ingest([source], out)
    return out / "posts.parquet"


def test_the_columnar_path_and_the_record_path_give_the_same_rows(tmp_path, monkeypatch):
    pages = INCLUDES.read_text(encoding="utf-8").splitlines()
    page = json.loads(PAGE.read_text(encoding="utf-8-sig"))
    source = tmp_path / "pages.jsonl"
    source.write_text("\n".join([*pages, json.dumps(page)]) + "\n", encoding="utf-8")
    fast = pq.read_table(ingest_to(source, tmp_path / "fast"))
    monkeypatch.setattr(x_api_v2, "flatten_block", lambda *args: None)
    slow = pq.read_table(ingest_to(source, tmp_path / "slow"))
    assert fast.num_rows == 10
    assert fast.to_pylist() == slow.to_pylist()
    assert fast.schema == slow.schema


def test_the_columnar_path_names_the_line_of_a_bad_timestamp(tmp_path):
    pages = INCLUDES.read_text(encoding="utf-8").splitlines()
    bad = json.loads(pages[1])
    bad["data"][1]["created_at"] = "yesterday"
    source = tmp_path / "pages.jsonl"
    source.write_text("\n".join([pages[0], pages[0], json.dumps(bad)]) + "\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out")
    assert str(caught.value).startswith(f"{source}:3:created_at: expected an ISO 8601")


def test_a_blank_line_sends_its_block_to_the_record_path_with_the_same_line_numbers(tmp_path):
    pages = INCLUDES.read_text(encoding="utf-8").splitlines()
    bad = json.loads(pages[1])
    bad["data"][1]["created_at"] = "yesterday"
    source = tmp_path / "pages.jsonl"
    source.write_text("\n".join([pages[0], "", json.dumps(bad)]) + "\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out")
    assert str(caught.value).startswith(f"{source}:3:created_at: expected an ISO 8601")


def test_gzipped_pages_take_the_columnar_path_with_the_same_rows(tmp_path):
    source = tmp_path / "search.jsonl.gz"
    source.write_bytes(gzip.compress(INCLUDES.read_bytes()))
    packed = pq.read_table(ingest_to(source, tmp_path / "gz")).to_pylist()
    plain = pq.read_table(ingest_to(INCLUDES, tmp_path / "plain")).to_pylist()
    assert packed == plain
    assert [row["included"] for row in packed] == [None, None, None, "true", "true", None]


def test_skip_drops_a_bad_tweet_of_a_page_and_keeps_the_rest_of_the_block(tmp_path):
    pages = INCLUDES.read_text(encoding="utf-8").splitlines()
    bad = json.loads(pages[1])
    bad["data"][1]["created_at"] = "yesterday"
    source = tmp_path / "pages.jsonl"
    source.write_text("\n".join([pages[0], json.dumps(bad)]) + "\n", encoding="utf-8")
    summary = ingest([source], tmp_path / "out", on_error="skip")
    rows = pq.read_table(tmp_path / "out" / "posts.parquet").column("post_id").to_pylist()
    assert "1790000000000000034" not in rows
    assert len(rows) == 5
    assert (summary.rows_read, summary.rows_skipped) == (6, 1)
