"""CrowdTangle historical-data CSVs become posts with ids from URLs and times with offsets."""

from __future__ import annotations

import csv
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cdnet.analysis.ingest import ingest
from cdnet.analysis.ingest.formats import detect_format
from cdnet.analysis.ingest.formats.crowdtangle import post_id
from cdnet.cli import app
from cdnet.errors import BadInput

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
FACEBOOK = FIXTURES / "crowdtangle_facebook.csv"
INSTAGRAM = FIXTURES / "crowdtangle_instagram.csv"
HEADER = ["Page Name", "User Name", "Facebook Id", "Post Created", "URL", "Message", "Link"]


def posts(paths: list[Path], out: Path, **options: object) -> dict[str, dict[str, object]]:
    options.setdefault("on_warning", lambda message: None)
    ingest(paths, out, **options)  # type: ignore[arg-type]
    return {row["post_id"]: row for row in pq.read_table(out / "posts.parquet").to_pylist()}


def export(path: Path, *rows: list[str], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_the_sniffer_recognises_facebook_and_instagram_exports_but_not_others(tmp_path):
    assert detect_format(FACEBOOK).NAME == "crowdtangle"
    assert detect_format(INSTAGRAM).NAME == "crowdtangle"
    canonical = tmp_path / "posts.csv"
    canonical.write_text("post_id,account_id,created_at,Post Created,Facebook Id\n")
    assert detect_format(canonical) is None
    assert detect_format(FIXTURES / "meta_content_library_facebook.csv").NAME != "crowdtangle"
    assert detect_format(FIXTURES / "x_api_v2_page.json").NAME != "crowdtangle"


def test_a_facebook_row_with_bom_and_crlf_maps_ids_names_time_text_and_country(tmp_path):
    row = posts([FACEBOOK], tmp_path / "out")["3900000000000001"]
    assert row["account_id"] == "100044000000001"
    assert row["account_name"] == "Alice Analyst News"
    assert row["created_at"] == datetime(2021, 3, 1, 9, 0, tzinfo=UTC)  # 10:00 CET
    assert row["text"] == "Lisez notre enquête\nsur deux lignes"
    assert row["platform"] == "facebook"
    assert row["url"] == "https://www.facebook.com/100044000000001/posts/3900000000000001"
    assert row["country"] == "FR"
    assert (row["user_name"], row["description"]) == ("alicenews", "Résumé de l'article")


def test_link_and_final_link_are_refanged_deduplicated_and_never_the_post_itself(tmp_path):
    rows = posts([FACEBOOK], tmp_path / "out")
    assert rows["3900000000000001"]["links"] == [
        "https://example.com/enquete",
        "https://example.com/enquete?utm=1",
    ]
    assert rows["3900000000000002"]["links"] == []  # "Link" is the photo post's own URL
    assert rows["pfbid02AbCdEf"]["links"] == ["https://spiegel.ltd/artikel"]


def test_us_zone_abbreviations_become_offsets_and_date_plus_time_columns_read_as_utc(tmp_path):
    warnings: list[str] = []
    rows = posts([FACEBOOK], tmp_path / "out", on_warning=warnings.append)
    assert rows["3900000000000002"]["created_at"] == datetime(2021, 7, 4, 12, 30, tzinfo=UTC)
    assert rows["3900000000000003"]["created_at"] == datetime(2021, 12, 24, 23, 0, tzinfo=UTC)
    assert rows["pfbid02AbCdEf"]["created_at"] == datetime(2022, 1, 2, 7, 15, tzinfo=UTC)
    assert warnings == [f"{FACEBOOK}: timestamps without a UTC offset were read as UTC"]


def test_missing_cells_fall_back_to_description_user_name_and_no_country(tmp_path):
    rows = posts([FACEBOOK], tmp_path / "out")
    photo, status, pfbid = rows["3900000000000002"], rows["3900000000000003"], rows["pfbid02AbCdEf"]
    assert photo["text"] == "Only a description here"
    assert photo["image_text"] == "BREAKING"
    assert (status["account_id"], status["country"], status["links"]) == ("carolgroup", None, [])
    assert pfbid["url"] == "https://www.facebook.com/davepage/posts/pfbid02AbCdEf"
    assert pfbid["country"] == "DE"
    assert pfbid["text"] == "Siehe hxxps://spiegel[.]ltd/artikel"


def test_other_columns_are_kept_in_snake_case_with_the_weighted_totals_apart(tmp_path):
    row = posts([FACEBOOK], tmp_path / "out")["3900000000000001"]
    assert row["page_category"] == "NEWS_SITE"
    assert row["total_interactions"] == "1,204"
    assert row["total_interactions_weighted"] == "1,204"
    assert row["overperforming_score"] == "2.35"
    assert row["is_video_owner"] is None


def test_an_instagram_export_uses_handle_account_and_description(tmp_path):
    rows = posts([INSTAGRAM], tmp_path / "out")
    photo, reel = rows["CdXyZ123abc"], rows["CeReel456"]
    assert (photo["platform"], photo["account_id"]) == ("instagram", "erin.visuals")
    assert photo["account_name"] == "Erin Visuals"
    assert photo["text"] == "Nouvelle photo #paris @frank"
    assert photo["created_at"] == datetime(2022, 5, 10, 14, 0, tzinfo=UTC)
    assert photo["links"] == []
    assert reel["created_at"] == datetime(2022, 5, 11, 16, 5, tzinfo=UTC)  # 09:05 PDT
    assert reel["links"] == ["https://bit.ly/frank"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.facebook.com/123/posts/456", "456"),
        ("https://www.facebook.com/groups/789/permalink/1011/", "1011"),
        ("https://www.facebook.com/watch/?v=1213", "1213"),
        ("https://www.facebook.com/photo.php?fbid=1415&set=a.1&type=3", "1415"),
        ("hxxps://www.facebook[.]com/page/videos/1617/", "1617"),
        ("https://www.instagram.com/tv/AbC_d-1/", "AbC_d-1"),
        ("https://example.org/no/id/here", "https://example.org/no/id/here"),
    ],
)
def test_post_ids_come_from_the_url(url, expected):
    assert post_id(url) == expected


def test_a_short_row_stops_the_ingest_naming_file_line_and_column(tmp_path):
    source = export(
        tmp_path / "ct.csv",
        ["A", "a", "1", "2021-03-01 10:00:00 CET", "https://www.facebook.com/1/posts/2", "x", ""],
        ["B", "b", "2", "2021-03-01 11:00:00 CET"],
    )
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out", fmt="crowdtangle")
    assert str(caught.value) == f"{source}:3:URL: expected 7 cells as in the header, found 4"
    assert not (tmp_path / "out").exists()


def test_skip_drops_and_counts_the_short_row_and_a_row_without_url(tmp_path):
    good = ["A", "a", "1", "2021-03-01 10:00:00 CET", "https://www.facebook.com/1/posts/2", "x", ""]
    source = export(
        tmp_path / "ct.csv", good, ["B", "b"], ["C", "c", "3", "2021-03-01", "", "", ""]
    )
    summary = ingest([source], tmp_path / "out", fmt="crowdtangle", on_error="skip")
    table = pq.read_table(tmp_path / "out" / "posts.parquet")
    assert table.column("post_id").to_pylist() == ["2"]
    assert (summary.rows_read, summary.rows_written, summary.rows_skipped) == (3, 1, 2)


def test_an_unknown_zone_abbreviation_names_the_post_created_column(tmp_path):
    row = ["A", "a", "1", "2021-03-01 10:00:00 XYZ", "https://www.facebook.com/1/posts/2", "", ""]
    source = export(tmp_path / "ct.csv", row)
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out")
    assert str(caught.value).startswith(f"{source}:2:Post Created: unknown time zone 'XYZ'")


def test_a_huge_message_cell_is_read_whole(tmp_path):
    message = "propaganda " * 30_000  # 330 000 characters, beyond the csv module's default
    row = [
        "A",
        "a",
        "1",
        "2021-03-01 10:00:00 UTC",
        "https://www.facebook.com/1/posts/2",
        message,
        "",
    ]
    rows = posts([export(tmp_path / "big.csv", row)], tmp_path / "out")
    assert rows["2"]["text"] == message.strip()


def test_the_cli_finds_crowdtangle_exports_in_a_folder(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(FACEBOOK, folder / "fb.csv")
    shutil.copy(INSTAGRAM, folder / "ig.csv")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--out", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    table = pq.read_table(tmp_path / "t" / "posts.parquet")
    assert sorted(set(table.column("platform").to_pylist())) == ["facebook", "instagram"]
    assert table.num_rows == 6
