"""notice-action: per-platform audit of notices, Kaplan-Meier with censoring, statement matching."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cdnet.analysis.detectors import Tables, get
from cdnet.analysis.detectors.notice_action_stats import kaplan_meier, km_median
from cdnet.analysis.ingest import ingest
from cdnet.analysis.schema import NOTICES
from cdnet.errors import BadInput

DETECTOR = get("notice-action")
DUMP = Path(__file__).parents[1] / "fixtures" / "formats" / "dsa_sor_dump_small.csv"
T0 = datetime(2024, 6, 1, tzinfo=UTC)
AS_OF = "2024-06-10T00:00:00Z"


def notice(nid: str, platform: str, hours: float | None = None, **fields: Any) -> dict[str, Any]:
    """A notice submitted at T0 (or ``submitted_at``), decided ``hours`` later if given."""
    submitted = fields.pop("submitted_at", T0)
    row = {
        "notice_id": nid,
        "platform": platform,
        "content_url": f"https://{platform}.example/p/{nid}",
        "mechanism": "art16",
        "submitted_at": submitted,
        "decided_at": None if hours is None else submitted + timedelta(hours=hours),
    }
    return {**row, **fields}


# Durations 10 (decided), 20 (censored at the audit time), 30, 50, 80 (decided).
TIKTOK = [
    notice("t1", "tiktok", 10, acknowledged_at=T0, outcome="removed"),
    notice("t2", "tiktok", 30, acknowledged_at=T0, outcome="no_action"),
    notice("t3", "tiktok", submitted_at=datetime(2024, 6, 9, 4, tzinfo=UTC)),
    notice("t4", "tiktok", 50, acknowledged_at=T0, outcome="labelled"),
    notice("t5", "tiktok", 80, outcome="demoted"),
]
SILENT = [notice("x1", "x"), notice("x2", "x", submitted_at=datetime(2024, 6, 5, tzinfo=UTC))]


def write_notices(path: Path, rows: list[dict[str, Any]]) -> Path:
    schema = NOTICES.schema
    data = {f.name: pa.array([r.get(f.name) for r in rows], f.type) for f in schema}
    pq.write_table(pa.table(data, schema=schema), path)
    return path


def audit(
    tmp_path: Path, rows: list[dict[str, Any]], engine: Any = None, **options: Any
) -> dict[str, dict[str, Any]]:
    paths: dict[str, list[Path]] = {"notices": [write_notices(tmp_path / "notices.parquet", rows)]}
    if options.pop("statements", False):
        ingest([DUMP], tmp_path / "dsa")
        paths["statements"] = [tmp_path / "dsa" / "statements.parquet"]
    config = DETECTOR.make_config({"as_of": AS_OF, **options})
    with Tables(paths, engine) as tables:
        return {f["platform"]: f for f in DETECTOR.findings(tables, config)}


def test_kaplan_meier_censors_unanswered_notices_as_computed_by_hand():
    times, survival = kaplan_meier([10, 20, 30, 50, 80], [True, False, True, True, True])
    assert times.tolist() == [10, 30, 50, 80]
    # 4/5; then 2 of 3 at risk remain; then 1 of 2; then 0 of 1.
    assert survival.tolist() == pytest.approx([0.8, 0.8 * 2 / 3, 0.8 * 2 / 3 / 2, 0.0])
    assert km_median((times, survival)) == 50.0
    # Dropping the censored notice would give 30 hours: censoring matters.
    assert km_median(kaplan_meier([10, 30, 50, 80], [True] * 4)) == 30.0


def test_a_median_is_unknown_when_half_the_notices_never_got_a_decision():
    assert km_median(kaplan_meier([5, 100, 100], [True, False, False])) is None


def test_one_finding_per_platform_with_exact_shares_and_km_median(tmp_path, engine):
    found = audit(tmp_path, TIKTOK + SILENT, engine)
    assert sorted(found) == ["tiktok", "x"]
    tiktok = found["tiktok"]
    assert list(tiktok)[:10] == [
        "detector", "score", "explanation", "disarm", "platform", "notices",
        "acknowledged_share", "median_hours_to_decision", "action_share", "shortfalls",
    ]  # fmt: skip
    assert tiktok["detector"] == "notice-action"
    assert tiktok["notices"] == 5
    assert tiktok["acknowledged_share"] == 0.6
    assert tiktok["median_hours_to_decision"] == 50.0
    assert tiktok["action_share"] == 0.6  # removed, labelled, demoted of 5
    assert tiktok["decided"] == 4
    # t3 is not yet due at the audit time; of the other four only t1 was decided within 24 h.
    assert tiktok["decided_within_stated_share"] == 0.25
    assert tiktok["stated_hours"] == 24.0
    assert tiktok["as_of"] == "2024-06-10T00:00:00Z"
    assert tiktok["score"] == 0.75


def test_shortfalls_are_sentences_naming_the_numbers(tmp_path):
    assert audit(tmp_path, TIKTOK)["tiktok"]["shortfalls"] == [
        "Only 60 % of 5 notices were acknowledged.",
        "Only 25 % of the notices due were decided within the stated 24 hours.",
        "The median time to decision is 50.0 hours, beyond the stated 24 hours.",
        "1 of 5 notices had no decision by the audit time.",
    ]


def test_a_platform_that_never_answered_scores_one_with_no_median(tmp_path):
    x = audit(tmp_path, SILENT)["x"]
    assert (x["notices"], x["acknowledged_share"], x["action_share"]) == (2, 0.0, 0.0)
    assert (x["median_hours_to_decision"], x["decided"]) == (None, 0)
    assert x["decided_within_stated_share"] == 0.0
    assert x["score"] == 1.0
    assert x["shortfalls"][2] == (
        "More than half of the 2 notices had no decision by the audit time, so the median "
        "time to decision is unknown."
    )
    assert x["shortfalls"][3] == "2 of 2 notices had no decision by the audit time."


def test_a_platform_meeting_its_stated_time_has_no_shortfall(tmp_path):
    rows = [notice(f"m{i}", "meta", 40, acknowledged_at=T0, outcome="removed") for i in range(3)]
    meta = audit(tmp_path, rows, stated_hours=["meta=48", "*=12"])["meta"]
    assert meta["stated_hours"] == 48.0
    assert (meta["shortfalls"], meta["score"], meta["decided_within_stated_share"]) == ([], 0, 1)
    assert meta["explanation"].endswith("no shortfall against its stated time.")


def test_the_default_audit_time_is_the_latest_timestamp_in_the_table(tmp_path):
    rows = [notice("a", "tiktok", 10), notice("b", "tiktok")]
    paths = {"notices": [write_notices(tmp_path / "n.parquet", rows)]}
    with Tables(paths) as tables:
        (found,) = DETECTOR.findings(tables, DETECTOR.make_config({}))
    assert found["as_of"] == "2024-06-01T10:00:00Z"
    # b is censored at 10 h, a decided at 10 h: at risk 2, S(10) = 0.5.
    assert found["median_hours_to_decision"] == 10.0


def test_a_malformed_stated_time_names_the_option():
    with pytest.raises(BadInput) as caught:
        DETECTOR.make_config({"stated_hours": ["tiktok:24"]})
    assert caught.value.field == "--stated-hours"


def test_charts_writes_one_svg_per_platform(tmp_path):
    found = audit(tmp_path, TIKTOK + SILENT, charts=tmp_path / "charts")
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == ["tiktok.svg", "x.svg"]
    svg = (tmp_path / "charts" / "tiktok.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert found["tiktok"]["chart"] == str(tmp_path / "charts" / "tiktok.svg")


def test_notices_match_statements_by_id_and_by_url(tmp_path):
    rows = [
        notice(  # by URL: the TikTok statement's PUID is the video id, created 2024-06-03
            "t-url",
            "tiktok",
            40,
            content_url="https://www.tiktok.com/@someone/video/7380001122334455667",
        ),
        notice("t-other", "tiktok", 40, content_url="https://www.tiktok.com/@a/video/1234567"),
        notice("f-id", "facebook", 20, statement_id="b8f03bf5-b8fd-4987-ac56-6fe6ab155e9e"),
        notice(  # right PUID, but submitted after the statement was created: no match
            "x-late",
            "x",
            submitted_at=datetime(2024, 6, 9, 23, tzinfo=UTC),
            content_url="https://x.com/u/status/1799000000000000001",
        ),
    ]
    found = audit(tmp_path, rows, statements=True)
    tiktok, facebook, x = found["tiktok"], found["facebook"], found["x"]
    assert (tiktok["statements_matched_by_id"], tiktok["statements_matched_by_url"]) == (0, 1)
    assert (facebook["statements_matched_by_id"], facebook["statements_matched_by_url"]) == (1, 0)
    assert (x["statements_matched_by_id"], x["statements_matched_by_url"]) == (0, 0)


def test_without_a_statements_table_the_match_counts_are_null(tmp_path):
    tiktok = audit(tmp_path, TIKTOK)["tiktok"]
    assert tiktok["statements_matched_by_id"] is None
    assert tiktok["statements_matched_by_url"] is None


def test_the_command_audits_a_notices_file_with_a_dsa_dump_and_writes_charts(tmp_path):
    import json

    from typer.testing import CliRunner

    from cdnet.cli import app

    notices = write_notices(tmp_path / "notices.parquet", [*TIKTOK, *SILENT])
    charts = tmp_path / "charts"
    args = ["detect", "notice-action", str(notices), str(DUMP), "--as-of", AS_OF]
    result = CliRunner().invoke(app, [*args, "--charts", str(charts)])
    assert result.exit_code == 0, result.output
    found = {r["platform"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert set(found) == {"tiktok", "x"}
    assert found["tiktok"]["notices"] == 5 and found["x"]["notices"] == 2
    assert found["x"]["median_hours_to_decision"] is None and found["x"]["score"] == 1.0
    assert found["tiktok"]["statements_matched_by_id"] is not None  # the dump was read
    assert sorted(p.suffix for p in charts.iterdir()) == [".svg", ".svg"]
