"""Meta Ad Library API responses become ads: bodies, ranges, payers, target countries, category."""

from __future__ import annotations

import gzip
import json
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
PAGE = FIXTURES / "meta_ad_library_page.json"
LINES = FIXTURES / "meta_ad_library_ads.jsonl"
BROKEN = FIXTURES / "meta_ad_library_broken.jsonl"


def ads(paths: list[Path], out: Path, **options: object) -> dict[str, dict[str, object]]:
    options.setdefault("on_warning", lambda message: None)
    ingest(paths, out, **options)  # type: ignore[arg-type]
    return {row["ad_id"]: row for row in pq.read_table(out / "ads.parquet").to_pylist()}


def test_the_sniffer_recognises_pages_and_lines_but_not_other_json(tmp_path):
    assert detect_format(PAGE).NAME == "meta-ad-library"
    assert detect_format(LINES).NAME == "meta-ad-library"
    canonical = tmp_path / "ads.jsonl"
    canonical.write_text('{"ad_id": "1", "page_id": "2", "bylines": "x", "text": "t"}\n')
    assert detect_format(canonical) is None
    for other in ("x_api_v2_page.json", "telegram_channel.json", "x_api_v2_twarc2.jsonl"):
        assert detect_format(FIXTURES / other).NAME != "meta-ad-library"


def test_a_political_ad_maps_ids_distinct_bodies_dates_and_open_ranges(tmp_path):
    ad = ads([PAGE], tmp_path / "out")["720000000000001"]
    assert (ad["page_id"], ad["page_name"]) == ("110000000000001", "Alice for Europe")
    assert ad["text"] == "Votez le 9 juin pour l'Europe!\n\nLe 9 juin, chaque voix compte."
    assert ad["delivery_start"] == datetime(2024, 5, 2, tzinfo=UTC)
    assert ad["delivery_stop"] == datetime(2024, 6, 8, tzinfo=UTC)
    assert (ad["spend_min"], ad["spend_max"]) == (100.0, 199.0)
    assert (ad["impressions_min"], ad["impressions_max"]) == (1_000_000, None)
    assert ad["platform"] == "facebook,instagram"


def test_a_byline_makes_an_ad_political_and_names_the_payer(tmp_path):
    ad = ads([PAGE], tmp_path / "out")["720000000000001"]
    assert ad["declared_category"] == "political"
    assert ad["payer"] == "Association Alice"


def test_only_included_countries_become_iso_codes(tmp_path):
    rows = ads([PAGE], tmp_path / "out")
    assert rows["720000000000001"]["target_countries"] == ["FR"]  # not Belgium, region, Atlantis
    assert rows["720000000000002"]["target_countries"] == ["DE", "NL"]
    assert rows["720000000000003"]["target_countries"] == []
    assert "Atlantis" in json.loads(rows["720000000000001"]["target_locations"])[3]["name"]


def test_an_ad_without_byline_or_ranges_is_none_and_its_payer_comes_from_beneficiaries(tmp_path):
    ad = ads([PAGE], tmp_path / "out")["720000000000002"]
    assert ad["declared_category"] == "none"
    assert ad["payer"] == "Bob Shoes GmbH; Old Payer GmbH"
    assert ad["text"] == "Nouvelles chaussures: hxxps://bob-shoes[.]example"
    assert ad["delivery_start"] == datetime(2024, 5, 3, 10, 0, tzinfo=UTC)
    assert (ad["spend_min"], ad["impressions_min"], ad["page_admin_countries"]) == (
        None,
        None,
        None,
    )


def test_an_ad_without_bodies_takes_its_link_title_as_text(tmp_path):
    assert ads([PAGE], tmp_path / "out")["720000000000003"]["text"] == "Watch Carol"


def test_other_fields_are_kept_and_the_snapshot_url_loses_its_access_token(tmp_path):
    ad = ads([PAGE], tmp_path / "out")["720000000000001"]
    assert (
        ad["ad_snapshot_url"]
        == "https://www.facebook.com/ads/archive/render_ad/?id=720000000000001"
    )
    assert (ad["currency"], ad["eu_total_reach"]) == ("EUR", "54000")
    assert json.loads(ad["demographic_distribution"])[0]["age"] == "25-34"
    assert json.loads(ad["ad_creative_link_titles"]) == ["Programme"]
    table = pq.read_table(tmp_path / "out" / "ads.parquet")
    assert "SECRET123" not in json.dumps(table.to_pylist(), default=str)


def test_json_lines_hold_pages_and_single_ads_and_spend_alone_means_political(tmp_path):
    rows = ads([LINES], tmp_path / "out")
    page_ad, single = rows["720000000000010"], rows["720000000000011"]
    assert (page_ad["declared_category"], page_ad["spend_max"]) == ("political", 99.0)
    assert (single["payer"], single["text"]) == ("Dave", "Single ad line")


def test_a_broken_line_stops_the_ingest_and_nothing_is_written(tmp_path):
    with pytest.raises(BadInput) as caught:
        ingest([BROKEN], tmp_path / "out")
    assert str(caught.value).startswith(f"{BROKEN}:2: not valid JSON")
    assert not (tmp_path / "out").exists()


def test_skip_drops_the_broken_line_and_the_ad_with_a_bad_date(tmp_path):
    summary = ingest([BROKEN], tmp_path / "out", on_error="skip", on_warning=lambda m: None)
    table = pq.read_table(tmp_path / "out" / "ads.parquet")
    assert table.column("ad_id").to_pylist() == ["720000000000020"]
    assert (summary.rows_read, summary.rows_skipped) == (3, 2)


def test_an_array_of_pages_numbers_ads_across_pages_in_messages(tmp_path):
    page = json.loads(PAGE.read_text(encoding="utf-8"))
    bad = json.loads(BROKEN.read_text().splitlines()[2])
    source = tmp_path / "pages.json"
    source.write_text(json.dumps([page, {"data": [bad]}]), encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out")
    assert str(caught.value).startswith(f"{source}:4:delivery_start: expected an ISO 8601")


def test_an_ad_without_any_text_names_the_text_field(tmp_path):
    source = tmp_path / "ads.json"
    source.write_text(json.dumps({"data": [{"id": "1", "page_id": "2", "bylines": "Eve"}]}))
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out", fmt="meta-ad-library")
    assert str(caught.value) == f"{source}:1:text: a value is required"


def test_an_api_error_line_is_a_broken_item_naming_the_error(tmp_path):
    source = tmp_path / "ads.jsonl"
    error = {"error": {"message": "Invalid OAuth access token", "code": 190}}
    source.write_text(json.dumps(error) + "\n")
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out", fmt="meta-ad-library")
    assert str(caught.value) == (
        f"{source}:1:error: the API answered with an error: Invalid OAuth access token"
    )


def test_the_cli_reads_gzipped_lines_by_itself(tmp_path):
    source = tmp_path / "ads.jsonl.gz"
    source.write_bytes(gzip.compress(LINES.read_bytes()))
    result = CliRunner().invoke(app, ["ingest", str(source), "--out", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    table = pq.read_table(tmp_path / "t" / "ads.parquet")
    assert table.column("ad_id").to_pylist() == ["720000000000010", "720000000000011"]
