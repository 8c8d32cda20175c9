"""``cdnet disarm show|search|tactics`` against the shipped DISARM v1.6 data."""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from cdnet.cli import app, main
from cdnet.errors import NotFound

runner = CliRunner()


def test_show_prints_a_technique_with_its_tactic_phase_and_parent() -> None:
    result = runner.invoke(app, ["disarm", "show", "T0097.202"])
    assert result.exit_code == 0, result.output
    assert "News Outlet Persona" in result.output
    assert "DISARM:T0097.202" in result.output
    assert "disarm-red" in result.output
    assert "TA16" in result.output and "Establish Legitimacy" in result.output
    assert "P02" in result.output and "Prepare" in result.output
    assert "T0097" in result.output and "Present Persona" in result.output


def test_show_lists_the_subtechniques_of_a_parent_technique() -> None:
    result = runner.invoke(app, ["disarm", "show", "DISARM:T0097"])
    assert result.exit_code == 0, result.output
    assert "sub-techniques (22)" in result.output
    assert "T0097.202" in result.output


def test_show_prints_the_counters_of_a_technique() -> None:
    result = runner.invoke(app, ["disarm", "show", "T0015"])
    assert result.exit_code == 0, result.output
    assert "counters (" in result.output
    assert "C00006" in result.output


def test_show_prints_the_techniques_of_a_counter_and_marks_retired_ones() -> None:
    result = runner.invoke(app, ["disarm", "show", "C00006"])
    assert result.exit_code == 0, result.output
    assert "Charge for social media" in result.output
    assert "disarm-blue" in result.output
    assert "T0015" in result.output and "T0018" in result.output
    assert "retired techniques (4)" in result.output
    assert "T0007" in result.output


def test_show_explains_a_retired_technique_instead_of_failing() -> None:
    result = runner.invoke(app, ["disarm", "show", "T0007"])
    assert result.exit_code == 0, result.output
    assert "(retired)" in result.output
    assert "Not in DISARM Red v1.6" in result.output
    assert "C00006" in result.output


def test_show_json_gives_machine_readable_links() -> None:
    result = runner.invoke(app, ["disarm", "show", "T0015", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["qualified_id"] == "DISARM:T0015"
    assert data["framework"] == "disarm-red"
    assert data["tactic"]["id"] == "TA06"
    assert "C00006" in [c["id"] for c in data["counters"]]


def test_show_json_of_a_counter_separates_retired_techniques() -> None:
    result = runner.invoke(app, ["disarm", "show", "C00006", "--json"])
    data = json.loads(result.output)
    assert [t["id"] for t in data["techniques"]] == ["T0015", "T0018"]
    assert {"T0007", "T0043", "T0053", "T0054"} == {t["id"] for t in data["retired_techniques"]}
    assert all(t["retired"] for t in data["retired_techniques"])


def test_show_of_an_unknown_id_exits_with_not_found_naming_the_closest_ids() -> None:
    result = runner.invoke(app, ["disarm", "show", "T0097.2"])
    assert result.exit_code == NotFound.exit_code == 3
    assert "no DISARM object with id 'T0097.2'" in result.stderr
    assert "closest: T0097.200" in result.stderr


def test_search_finds_the_lookalike_domain_technique() -> None:
    result = runner.invoke(app, ["disarm", "search", "lookalike"])
    assert result.exit_code == 0, result.output
    assert "T0149.003" in result.output
    assert "Lookalike Domain" in result.output


def test_search_json_respects_the_limit() -> None:
    result = runner.invoke(app, ["disarm", "search", "persona", "--limit", "3", "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert len(hits) == 3
    assert all(hit["qualified_id"].startswith("DISARM:") for hit in hits)


def test_search_says_so_when_nothing_matches() -> None:
    result = runner.invoke(app, ["disarm", "search", "xyzzy-nothing"])
    assert result.exit_code == 0
    assert "No DISARM object matches" in result.output


def test_tactics_lists_the_four_phases_and_sixteen_tactics_in_order() -> None:
    result = runner.invoke(app, ["disarm", "tactics"])
    assert result.exit_code == 0, result.output
    positions = [result.output.index(p) for p in ("P01", "P02", "P03", "P04")]
    assert positions == sorted(positions)
    assert "TA13" in result.output and "Target Audience Analysis" in result.output
    assert "CC BY-SA 4.0" in result.output


def test_tactics_json_nests_tactics_under_phases() -> None:
    result = runner.invoke(app, ["disarm", "tactics", "--json"])
    phases = json.loads(result.output)
    assert [p["id"] for p in phases] == ["P01", "P02", "P03", "P04"]
    assert sum(len(p["tactics"]) for p in phases) == 16
    assert [t["id"] for t in phases[0]["tactics"]] == ["TA01", "TA02", "TA13"]


def test_the_cdnet_command_exits_with_code_3_on_an_unknown_id(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["cdnet", "disarm", "show", "T9999"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 3
    assert "no DISARM object with id 'T9999'" in capsys.readouterr().err
