"""`cdnet detect sanctions` and `cdnet sanctions update/show/list` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cdnet.cli import app

REGISTER = Path(__file__).parents[1] / "fixtures" / "sanctions" / "register_small.csv"
CHANNELS = (
    "channel_id,platform,name,handle,url,country\n"
    "c1,x,RT,@RT_com,,RU\n"
    "c2,youtube,RTL Aktuell,,https://www.rtl.de,DE\n"
    "c3,telegram,Nachrichten,,hxxps://rtde[.]tech/x,\n"
)
FTM = [
    {"id": "ftm-rt", "schema": "Organization",
     "properties": {"name": ["RT"], "alias": ["Russia Today"], "website": ["rt.com"],
                    "country": ["ru"], "topics": ["sanction"]}},
    {"id": "ftm-rt-sanction", "schema": "Sanction",
     "properties": {"entity": ["ftm-rt"], "program": ["EU 833/2014 Annex XV"],
                    "listingDate": ["2022-03-01"]}},
    {"id": "ftm-rt-x", "schema": "UserAccount",
     "properties": {"owner": ["ftm-rt"], "service": ["twitter"], "username": ["@RT_com"]}},
    {"id": "ftm-ms", "schema": "Person", "properties": {"name": ["Margarita Simonyan"]}},
]  # fmt: skip


def cdnet(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CDNET_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_detect_sanctions_prints_exactly_the_formats_fields(tmp_path):
    channels = tmp_path / "channels.csv"
    channels.write_text(CHANNELS, encoding="utf-8")
    result = cdnet("detect", "sanctions", channels, "--list", REGISTER)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["channel_id"], r["entity_id"], r["matched_on"]) for r in records] == [
        ("c1", "rt", "handle"),
        ("c3", "rt", "domain"),
    ]
    required = {"detector", "score", "explanation", "disarm", "channel_id", "platform"}
    required |= {"entity_id", "entity_name", "matched_on"}
    assert all(required <= set(r) for r in records)
    assert set(records[0]) - required == {"evidence", "against"}


def test_update_replaces_the_register_and_prints_what_changed(home, tmp_path):
    result = cdnet("sanctions", "update", REGISTER)
    assert result.exit_code == 0, result.output
    saved = home / "reference" / "sanctions.csv"
    assert saved.is_file()
    smaller = tmp_path / "smaller.csv"
    lines = REGISTER.read_text(encoding="utf-8").splitlines()
    changed = [lines[0], lines[1].replace("Reg. (EU) 2022/350", "Reg. (EU) 2022/351"), lines[2]]
    smaller.write_text("\n".join(changed) + "\n", encoding="utf-8")
    result = cdnet("sanctions", "update", smaller)
    assert result.exit_code == 0, result.output
    assert "0 added, 6 removed, 1 changed" in result.stdout
    assert "- simonyan" in result.stdout and "~ rt (legal_basis)" in result.stdout
    shown = json.loads(cdnet("sanctions", "show", "rt").stdout)
    assert shown["legal_basis"] == "Reg. (EU) 2022/351"


def test_a_bad_register_leaves_the_old_one_in_force(home, tmp_path):
    assert cdnet("sanctions", "update", REGISTER).exit_code == 0
    before = (home / "reference" / "sanctions.csv").read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("entity_id,name,domains\nx1,Example,not a domain\n", encoding="utf-8")
    result = cdnet("sanctions", "update", bad)
    assert result.exit_code == 2
    assert "bad.csv:2:domains" in result.stderr
    assert (home / "reference" / "sanctions.csv").read_text(encoding="utf-8") == before
    assert list((home / "reference").iterdir()) == [home / "reference" / "sanctions.csv"]


def test_update_accepts_followthemoney_json_lines(home, tmp_path):
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(json.dumps(e) for e in FTM) + "\n", encoding="utf-8")
    result = cdnet("sanctions", "update", path)
    assert result.exit_code == 0, result.output
    rt = json.loads(cdnet("sanctions", "show", "ftm-rt").stdout)
    assert (rt["name"], rt["aliases"], rt["domains"]) == ("RT", ["Russia Today"], ["rt.com"])
    assert (rt["kind"], rt["country"], rt["handles"]) == ("outlet", "RU", ["x:rt_com"])
    assert (rt["legal_basis"], rt["listed_on"]) == ("EU 833/2014 Annex XV", "2022-03-01")
    person = json.loads(cdnet("sanctions", "show", "ftm-ms").stdout)
    assert person["kind"] == "person"


def test_reset_goes_back_to_the_shipped_register(home):
    assert cdnet("sanctions", "update", REGISTER).exit_code == 0
    result = cdnet("sanctions", "update", "--reset")
    assert result.exit_code == 0, result.output
    assert not (home / "reference" / "sanctions.csv").exists()
    assert "register.csv" in cdnet("sanctions", "show").stdout


def test_list_prints_one_line_per_entity(home):
    assert cdnet("sanctions", "update", REGISTER).exit_code == 0
    lines = cdnet("sanctions", "list").stdout.splitlines()
    assert lines[1].split("\t")[:3] == ["rt", "outlet", "RT – Russia Today"]  # noqa: RUF001
    assert len(lines) == 9
