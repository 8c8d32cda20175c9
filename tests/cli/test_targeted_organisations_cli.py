"""`cdnet detect targeted-organisations` on the command line, with posts and e-mail."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cdnet.cli import app

FIXTURES = Path(__file__).parents[1] / "fixtures" / "organisations"
ORGS = ["--orgs", str(FIXTURES / "orgs_small.csv"), "--no-shipped"]


def detect(*args: str) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(app, ["detect", "targeted-organisations", *args])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, lines, result.output


def test_posts_and_emails_give_one_finding_per_organisation() -> None:
    code, found, output = detect(
        str(FIXTURES / "posts.csv"), *ORGS, "--emails", str(FIXTURES / "inbox")
    )
    assert code == 0, output
    orgs = {f["org_id"]: f for f in found if f["kind"] == "targeted"}
    assert set(orgs) == {"checkers", "wire", "daily"}
    wire = orgs["wire"]
    assert wire["evidence_ids"] == ["m1@spoof.example", "m2@spoof.example", "p1", "p2", "p3"]
    assert (wire["messages"], wire["senders"], wire["detector"]) == (5, 5, "targeted-organisations")
    assert wire["first_seen"] == "2025-01-10T08:00:00Z"
    assert {"explanation", "score", "disarm", "name", "last_seen"} <= set(wire)


def test_an_email_folder_alone_is_an_input() -> None:
    code, found, output = detect(str(FIXTURES / "inbox"), *ORGS, "--unresolved", "none")
    assert code == 0, output
    assert [(f["org_id"], f["evidence_ids"]) for f in found] == [
        ("wire", ["m1@spoof.example", "m2@spoof.example"]),
        ("checkers", ["m1@spoof.example"]),
        ("daily", ["m1@spoof.example"]),
    ]


def test_a_missing_email_folder_is_bad_input() -> None:
    code, _, output = detect(str(FIXTURES / "posts.csv"), *ORGS, "--emails", "/nonexistent/box")
    assert code == 2
    assert "--emails" in output


def test_emails_alone_are_the_input(tmp_path):
    inbox = Path(__file__).parent.parent / "fixtures" / "organisations" / "inbox"
    args = ["detect", "targeted-organisations", "--emails", str(inbox), *ORGS]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert {f["org_id"] for f in found if f["kind"] == "targeted"}
