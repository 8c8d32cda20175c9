"""Meta Content Library CSV exports become posts: owners, reshares, link attachments, platform."""

from __future__ import annotations

import csv
import gzip
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
FACEBOOK = FIXTURES / "meta_content_library_facebook.csv"
INSTAGRAM = FIXTURES / "meta_content_library_instagram.csv"
HEADER = ["id", "creation_time", "text", "post_owner.id", "post_owner.name", "surface.id"]


def posts(paths: list[Path], out: Path, **options: object) -> dict[str, dict[str, object]]:
    options.setdefault("on_warning", lambda message: None)
    ingest(paths, out, **options)  # type: ignore[arg-type]
    return {row["post_id"]: row for row in pq.read_table(out / "posts.parquet").to_pylist()}


def export(path: Path, *rows: list[str], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_the_sniffer_recognises_facebook_and_instagram_exports_but_not_others(tmp_path):
    assert detect_format(FACEBOOK).NAME == "meta-content-library"
    assert detect_format(INSTAGRAM).NAME == "meta-content-library"
    canonical = export(
        tmp_path / "posts.csv", header=["post_id", "id", "creation_time", "surface.id"]
    )
    assert detect_format(canonical) is None
    assert detect_format(FIXTURES / "crowdtangle_facebook.csv").NAME != "meta-content-library"
    assert detect_format(FIXTURES / "telegram_channel.json").NAME != "meta-content-library"


def test_a_facebook_post_maps_owner_time_text_language_and_refanged_link(tmp_path):
    row = posts([FACEBOOK], tmp_path / "out")["1122334455667701"]
    assert (row["account_id"], row["account_name"]) == ("9988776655001", "Alice Analyst News")
    assert row["created_at"] == datetime(2024, 3, 12, 15, 4, 5, tzinfo=UTC)
    assert row["text"] == "Les élections approchent: lisez hxxps://faux-journal[.]fr/article"
    assert row["links"] == ["https://faux-journal.fr/article"]
    assert (row["platform"], row["lang"], row["url"]) == ("facebook", "fr", None)


def test_other_columns_are_kept_with_dots_turned_into_underscores(tmp_path):
    row = posts([FACEBOOK], tmp_path / "out")["1122334455667701"]
    assert row["statistics_views"] == "15000"
    assert row["link_attachment_name"] == "Article"
    assert row["mcl_url"] == "https://content-library.example/post/1122334455667701"
    assert (row["surface_type"], row["post_owner_type"]) == ("page", "page")
    assert row["is_branded_content"] == "false"


def test_a_reshare_in_a_group_points_at_the_original_and_its_naive_time_warns(tmp_path):
    warnings: list[str] = []
    row = posts([FACEBOOK], tmp_path / "out", on_warning=warnings.append)["1122334455667702"]
    assert row["reshare_of"] == "1122334455667701"
    assert (row["account_id"], row["surface_name"]) == ("9988776655002", "Groupe Citoyen")
    assert row["created_at"] == datetime(2024, 3, 13, 8, 0, tzinfo=UTC)
    assert row["links"] == []
    assert warnings == [f"{FACEBOOK}: timestamps without a UTC offset were read as UTC"]


def test_an_instagram_export_reads_unix_times_and_falls_back_to_the_username(tmp_path):
    rows = posts([INSTAGRAM], tmp_path / "out")
    photo, bare = rows["5566778899001"], rows["5566778899002"]
    assert photo["platform"] == bare["platform"] == "instagram"
    assert photo["created_at"] == datetime(2024, 5, 10, 12, 0, tzinfo=UTC)
    assert (photo["account_name"], photo["hashtags"]) == ("Erin Visuals", '["europe"]')
    assert (bare["account_name"], bare["text"]) == ("frank.clips", None)


def test_the_page_admin_country_becomes_the_country_when_the_export_has_it(tmp_path):
    header = [*HEADER, "page_transparency.admin_countries"]
    source = export(
        tmp_path / "mcl.csv",
        ["1", "2024-03-01T10:00:00Z", "a", "9", "Page", "9", '["de", "AT"]'],
        ["2", "2024-03-01T10:00:00Z", "b", "9", "Page", "9", "FR, BE"],
        ["3", "2024-03-01T10:00:00Z", "c", "9", "Page", "9", "Unknown"],
        header=header,
    )
    rows = posts([source], tmp_path / "out")
    assert [rows[key]["country"] for key in ("1", "2", "3")] == ["DE", "FR", None]


def test_a_broken_row_stops_the_ingest_naming_file_line_and_column(tmp_path):
    source = export(
        tmp_path / "mcl.csv",
        ["1", "2024-03-01T10:00:00Z", "first\nof two lines", "9", "Page", "9"],
        ["2", "2024-03-01T10:00:00Z", "second", "9"],
    )
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out")
    assert (
        str(caught.value)
        == f"{source}:4:post_owner.name: expected 6 cells as in the header, found 4"
    )
    assert not (tmp_path / "out").exists()


def test_a_post_without_id_names_post_id_and_skip_counts_it_with_a_short_row(tmp_path):
    no_id = ["", "2024-03-01T10:00:00Z", "no id", "9", "Page", "9"]
    fine = ["2", "2024-03-01T10:00:00Z", "fine", "9", "Page", "9"]
    source = export(tmp_path / "mcl.csv", no_id, fine)
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out")
    assert str(caught.value) == f"{source}:2:post_id: a value is required"
    both = export(tmp_path / "both.csv", no_id, fine, ["3", "2024-03-01T10:00:00Z", "short"])
    summary = ingest([both], tmp_path / "out", on_error="skip")
    assert pq.read_table(tmp_path / "out" / "posts.parquet").column("post_id").to_pylist() == ["2"]
    assert (summary.rows_read, summary.rows_written, summary.rows_skipped) == (3, 1, 2)


def test_a_gzipped_export_with_a_huge_cell_is_read_and_forced_by_name(tmp_path):
    text = "désinformation " * 20_000
    plain = export(tmp_path / "mcl.csv", ["1", "2024-03-01T10:00:00Z", text, "9", "Page", "9"])
    source = tmp_path / "mcl.csv.gz"
    source.write_bytes(gzip.compress(plain.read_bytes()))
    rows = posts([source], tmp_path / "out", fmt="meta-content-library")
    assert rows["1"]["text"] == text.strip()
    assert rows["1"]["platform"] == "facebook"


def test_the_cli_accepts_format_meta_content_library(tmp_path):
    out = tmp_path / "t"
    args = ["ingest", str(INSTAGRAM), "--out", str(out), "--format", "meta-content-library"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    table = pq.read_table(out / "posts.parquet")
    assert table.column("account_id").to_pylist() == ["7766554433", "7766554434"]
