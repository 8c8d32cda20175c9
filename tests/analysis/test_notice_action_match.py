"""notice-action: statements of reasons are matched on the engine, only candidates reach Python."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from cdnet.analysis.detectors import Tables, get
from cdnet.analysis.detectors.notice_action_match import candidate_statements
from cdnet.analysis.detectors.notice_action_stats import match_statements
from cdnet.analysis.schema import NOTICES

DETECTOR = get("notice-action")
T0 = datetime(2024, 6, 1, tzinfo=UTC)
WINDOW = timedelta(days=30)
STATEMENT_COLUMNS = {
    "uuid": pa.string(),
    "platform_name": pa.string(),
    "created_at": pa.timestamp("us", tz="UTC"),
    "url": pa.string(),
    "puid": pa.string(),
}


def notice(nid: str, platform: str, url: str, hours: float | None = 24, **extra: Any) -> dict:
    submitted = extra.pop("submitted_at", T0)
    decided = None if hours is None else submitted + timedelta(hours=hours)
    return {
        "notice_id": nid,
        "platform": platform,
        "content_url": url,
        "mechanism": "art16",
        "submitted_at": submitted,
        "decided_at": decided,
        "statement_id": None,
        **extra,
    }


def statement(uuid: str, platform: str, created: datetime, url: str | None = None,
              puid: str | None = None) -> dict:  # fmt: skip
    return {
        "uuid": uuid,
        "platform_name": platform,
        "created_at": created,
        "url": url,
        "puid": puid,
    }


def write(path: Path, rows: list[dict], columns: dict[str, pa.DataType]) -> Path:
    data = {c: pa.array([r.get(c) for r in rows], kind) for c, kind in columns.items()}
    pq.write_table(pa.table(data), path)
    return path


def many_statements(path: Path, count: int) -> Path:
    """``count`` statements on four platforms, one a second from T0, each with a PUID or a URL;
    none shares an id or a key with the notices below except the ones added by the tests."""
    platforms = ["TikTok", "X", "Facebook", "YouTube"]
    uuids = [f"gen-{i:07d}" for i in range(count)]
    created = [T0 + timedelta(seconds=i) for i in range(count)]
    on_tiktok = [i % 4 == 0 for i in range(count)]  # TikTok rows carry a URL, the others a PUID
    urls = [
        f"https://www.tiktok.com/@gen/video/9{i:018d}" if t else None
        for i, t in enumerate(on_tiktok)
    ]
    puids = [None if t else f"8{i:018d}" for i, t in enumerate(on_tiktok)]
    table = pa.table(
        {
            "uuid": pa.array(uuids, pa.string()),
            "platform_name": pa.array([platforms[i % 4] for i in range(count)], pa.string()),
            "created_at": pa.array(created, pa.timestamp("us", tz="UTC")),
            "url": pa.array(urls, pa.string()),
            "puid": pa.array(puids, pa.string()),
        }
    )
    pq.write_table(table, path)
    return path


# Notices and statements with every rule's edge: id, URL (www., case, trailing slash), PUID,
# before submission, beyond the window, the nearest of two, a statement wanted twice.
NOTICES_MIXED = [
    notice("by-id", "Facebook", "https://facebook.com/p/1", statement_id="sor-id"),
    notice("by-url", "tiktok", "https://TikTok.com/@a/video/7380001122334455667/"),
    notice("by-puid", "X", "https://x.com/u/status/1799000000000000001"),
    notice("too-early", "X", "https://x.com/u/status/1799000000000000002"),
    notice("too-late", "X", "https://x.com/u/status/1799000000000000003", hours=None),
    notice("nearest", "YouTube", "https://youtube.com/watch?v=abcdEFGH"),
    notice("second", "YouTube", "https://youtube.com/watch?v=abcdEFGH", hours=30),
    notice("other-platform", "Facebook", "https://x.com/u/status/1799000000000000001"),
]
STATEMENTS_MIXED = [
    statement("sor-id", "Facebook", T0 + timedelta(hours=2)),
    statement("sor-url", "TikTok", T0 + timedelta(hours=20), url="https://www.tiktok.com/@a/video/7380001122334455667"),
    statement("sor-puid", "X", T0 + timedelta(hours=30), puid="1799000000000000001"),
    statement("sor-early", "X", T0 - timedelta(hours=1), puid="1799000000000000002"),
    statement("sor-late", "X", T0 + timedelta(days=31), puid="1799000000000000003"),
    statement("yt-far", "YouTube", T0 + timedelta(hours=60), puid="abcdEFGH"),
    statement("yt-near", "YouTube", T0 + timedelta(hours=25), puid="abcdEFGH"),
]  # fmt: skip


def tables_for(tmp_path: Path, statements: list[dict], extra: int = 0) -> dict[str, list[Path]]:
    files = [write(tmp_path / "statements.parquet", statements, STATEMENT_COLUMNS)]
    if extra:
        files.append(many_statements(tmp_path / "generated.parquet", extra))
    return {"statements": files}


def test_the_engine_candidates_give_the_same_matches_as_the_whole_table(
    tmp_path: Path, engine: Any
) -> None:
    with Tables(tables_for(tmp_path, STATEMENTS_MIXED, extra=2_000), engine) as tables:
        candidates = candidate_statements(tables, NOTICES_MIXED)
    whole = STATEMENTS_MIXED + pq.read_table(tmp_path / "generated.parquet").to_pylist()
    assert set(match_statements(NOTICES_MIXED, candidates, WINDOW)) == set(
        match_statements(NOTICES_MIXED, whole, WINDOW)
    )
    found = {
        m.notice_id: (m.uuid, m.by) for m in match_statements(NOTICES_MIXED, candidates, WINDOW)
    }
    assert found == {
        "by-id": ("sor-id", "id"),
        "by-url": ("sor-url", "url"),
        "by-puid": ("sor-puid", "url"),
        "nearest": ("yt-near", "url"),
        "second": ("yt-far", "url"),  # the nearer one is taken already
    }


def test_only_statements_sharing_an_id_or_a_key_with_a_notice_reach_python(
    tmp_path: Path, engine: Any
) -> None:
    with Tables(tables_for(tmp_path, STATEMENTS_MIXED, extra=2_000), engine) as tables:
        candidates = candidate_statements(tables, NOTICES_MIXED)
    assert sorted({c["uuid"] for c in candidates}) == sorted(s["uuid"] for s in STATEMENTS_MIXED)


def test_a_notice_naming_a_generated_statement_finds_it_among_200000(tmp_path: Path) -> None:
    """200,000 statements (as a slice of a Transparency Database dump): the audit runs and the
    two notices that name statements find them, one by id and one by URL."""
    notices = [
        notice("n-id", "Facebook", "https://facebook.com/p/2", statement_id="gen-0123458"),
        notice(  # statement 123456 (a TikTok URL) is created 123456 s (~34 h) after T0
            "n-url",
            "TikTok",
            "https://www.tiktok.com/@gen/video/9000000000000123456",
            hours=40,
        ),
        notice("n-none", "TikTok", "https://www.tiktok.com/@gen/video/1"),
    ]
    notices_file = write(
        tmp_path / "notices.parquet",
        notices,
        dict(zip(NOTICES.columns, NOTICES.schema.types, strict=True)),
    )
    paths = {"notices": [notices_file], **tables_for(tmp_path, [], extra=200_000)}
    paths["statements"] = paths["statements"][1:]  # only the generated ones
    config = DETECTOR.make_config({"as_of": "2024-06-10T00:00:00Z"})
    with Tables(paths) as tables:
        found = {f["platform"]: f for f in DETECTOR.findings(tables, config)}
    assert found["Facebook"]["statements_matched_by_id"] == 1
    assert (
        found["TikTok"]["statements_matched_by_id"],
        found["TikTok"]["statements_matched_by_url"],
    ) == (0, 1)
