"""`cdnet demo --no-serve` builds a working network on a fresh data directory, then reuses it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


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


def test_the_demo_builds_data_sends_mail_and_a_second_run_reuses_it(tmp_path):
    first = run_demo(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "alice  / demo-alice" in first.stderr
    assert "Created 5 alerts: sent, approved, in_review, changes_requested, draft" in first.stderr
    mails = sorted((tmp_path / "demo-mail").glob("*.eml"))
    assert len(mails) == 2
    assert "TLP:GREEN" in mails[0].read_text(errors="replace")

    second = run_demo(tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Demo data found: reusing it." in second.stderr
    with sqlite3.connect(tmp_path / "cdnet.sqlite3") as db:
        alerts = db.execute("select count(*) from cases_alert").fetchone()[0]
        outcomes = db.execute("select kind from impact_outcome").fetchall()
    assert alerts == 5
    assert outcomes == [("removed",)]
    assert len(list((tmp_path / "demo-mail").glob("*.eml"))) == 2
