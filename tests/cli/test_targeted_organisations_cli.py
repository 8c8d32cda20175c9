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
    orgs = {f["org_id"]: f for f in found}
    assert len(found) == 3 and set(orgs) == {"checkers", "wire", "daily"}  # nothing but these
    assert all(f["kind"] == "targeted" and f["name"] for f in found)
    wire = orgs["wire"]
    assert wire["evidence_ids"] == ["m1@spoof.example", "m2@spoof.example", "p1", "p2", "p3"]
    assert (wire["messages"], wire["senders"], wire["detector"]) == (5, 5, "targeted-organisations")
    assert wire["first_seen"] == "2025-01-10T08:00:00Z"
    assert {"explanation", "score", "disarm", "name", "last_seen"} <= set(wire)


def test_unresolved_addresses_are_extra_lines_with_null_org_id_on_request() -> None:
    code, found, output = detect(str(FIXTURES / "inbox"), *ORGS, "--unresolved", "all")
    assert code == 0, output
    extra = [f for f in found if f["org_id"] is None]
    handles = {f["handle"] for f in extra}
    assert handles == {"unknown@elsewhere.example", "someone@unrelated.example"}
    assert all(f["kind"] == "unresolved" and f["name"] is None for f in extra)
    assert [f["org_id"] for f in found[: -len(extra)]] == ["wire", "checkers", "daily"]


def test_an_email_folder_alone_is_an_input() -> None:
    code, found, output = detect(str(FIXTURES / "inbox"), *ORGS)
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


def test_emails_alone_are_the_input() -> None:
    code, found, output = detect("--emails", str(FIXTURES / "inbox"), *ORGS)
    assert code == 0, output
    assert {f["org_id"] for f in found} == {"wire", "checkers", "daily"}
