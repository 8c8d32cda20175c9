"""`cdnet demo --no-serve` builds a working network on a fresh data directory, then reuses it."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

TABLES = (
    "network_organisation",
    "cases_finding",
    "cases_alert",
    "dispatch_delivery",
    "dispatch_rrsflag",
    "impact_outcome",
    "impact_meeting",
    "impact_event",
)


def run_demo(home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CDNET_HOME")}
    env["CDNET_HOME"] = str(home)
    code = "from cdnet.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def counts(home: Path) -> dict[str, int]:
    with sqlite3.connect(home / "cdnet.sqlite3") as db:
        return {t: db.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}  # noqa: S608


def sent_deliveries(home: Path) -> int:
    with sqlite3.connect(home / "cdnet.sqlite3") as db:
        return db.execute(
            "select count(*) from dispatch_delivery where status = 'sent'"
        ).fetchone()[0]


def test_the_demo_builds_a_year_sends_mail_and_a_second_run_reuses_it(tmp_path):
    first = run_demo(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "alice  / demo-alice" in first.stderr
    assert f"Replayed {dt.datetime.now(dt.UTC).year - 1}:" in first.stderr
    assert "Open today: 4 alerts: approved, in_review, changes_requested, draft" in first.stderr
    mails = sorted((tmp_path / "demo-mail").glob("*.eml"))
    assert len(mails) == sent_deliveries(tmp_path) > 0
    assert any("TLP:GREEN" in m.read_text(errors="replace") for m in mails)
    assert (tmp_path / "demo-data" / "images" / "poster-crowd.png").is_file()
    before = counts(tmp_path)

    second = run_demo(tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Demo data found: reusing it." in second.stderr
    assert counts(tmp_path) == before
    assert len(list((tmp_path / "demo-mail").glob("*.eml"))) == len(mails)
