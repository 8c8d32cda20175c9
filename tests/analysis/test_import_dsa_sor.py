"""DSA Transparency Database dumps become statements: arrays parsed, times UTC, text dropped."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cdnet.analysis.ingest import ingest
from cdnet.analysis.ingest.formats import detect_format
from cdnet.analysis.schema import STATEMENTS
from cdnet.errors import BadInput

DUMP = Path(__file__).parents[1] / "fixtures" / "formats" / "dsa_sor_dump_small.csv"
SOR_FIELDS = Path(__file__).parents[2] / "src" / "cdnet" / "data" / "dsa" / "sor_fields.csv"


def statements(paths: list[Path], out: Path, **options: object) -> dict[str, dict[str, object]]:
    ingest(paths, out, **options)  # type: ignore[arg-type]
    return {r["uuid"]: r for r in pq.read_table(out / "statements.parquet").to_pylist()}


def test_the_fixture_has_every_submission_field_of_the_shipped_schema():
    with SOR_FIELDS.open(encoding="utf-8") as handle:
        fields = {r["field"] for r in csv.DictReader(handle)} - {"content_id.EAN-13"}
    with DUMP.open(encoding="utf-8") as handle:
        header = set(next(csv.reader(handle)))
    assert fields <= header
    assert {"uuid", "platform_name", "created_at"} <= header


def test_the_sniffer_recognises_a_dump_and_not_a_notices_table(tmp_path):
    assert detect_format(DUMP).NAME == "dsa-sor"
    notices = tmp_path / "notices.csv"
    notices.write_text("notice_id,platform,content_url,mechanism,submitted_at,statement_id\n")
    assert detect_format(notices) is None


def test_a_dump_ingests_into_statements_with_its_fields(tmp_path):
    rows = statements([DUMP], tmp_path / "out")
    assert len(rows) == 3
    tiktok = rows["4b989c23-3736-4fd9-8612-a975b98d88d6"]
    assert tiktok["platform_name"] == "TikTok"
    assert tiktok["puid"] == "7380001122334455667"
    assert tiktok["created_at"] == datetime(2024, 6, 3, 8, 15, tzinfo=UTC)
    assert tiktok["content_date"] == datetime(2024, 6, 1, tzinfo=UTC)
    assert tiktok["application_date"] == datetime(2024, 6, 3, tzinfo=UTC)
    assert tiktok["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert tiktok["content_type"] == ["CONTENT_TYPE_VIDEO", "CONTENT_TYPE_SYNTHETIC_MEDIA"]
    assert tiktok["territorial_scope"] == ["DE", "FR"]
    assert tiktok["source_type"] == "SOURCE_TRUSTED_FLAGGER"
    assert tiktok["category"] == (
        "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS"
    )
    assert tiktok["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    account = rows["b8f03bf5-b8fd-4987-ac56-6fe6ab155e9e"]
    assert (account["decision_visibility"], account["decision_account"]) == (
        [],
        "DECISION_ACCOUNT_SUSPENDED",
    )
    assert account["created_at"] == datetime(2024, 6, 1, 0, 0, 5, tzinfo=UTC)


def test_only_the_statements_columns_are_kept(tmp_path):
    ingest([DUMP], tmp_path / "out")
    names = pq.read_schema(tmp_path / "out" / "statements.parquet").names
    assert names == list(STATEMENTS.columns)
    assert "decision_facts" not in names


def test_a_gzipped_dump_reads_the_same(tmp_path):
    import gzip

    packed = tmp_path / "sor-global-2024-06-03-full.csv.gz"
    packed.write_bytes(gzip.compress(DUMP.read_bytes()))
    assert detect_format(packed).NAME == "dsa-sor"
    assert sorted(statements([packed], tmp_path / "out")) == sorted(
        statements([DUMP], tmp_path / "out2")
    )


def test_a_bad_created_at_names_the_line_and_column(tmp_path):
    text = DUMP.read_text(encoding="utf-8").replace("2024-06-09 22:01:30", "yesterday")
    broken = tmp_path / "dump.csv"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        ingest([broken], tmp_path / "out")
    assert caught.value.field == "created_at"
    assert str(caught.value).startswith(f"{broken}:4:created_at")
    assert not (tmp_path / "out").exists()
