"""Docs are tested: the CLI reference, the settings table and the detector pages."""

from __future__ import annotations

import re
from pathlib import Path

import cdnet
from cdnet.cli import app
from cdnet.docsgen.cli_reference import render

ROOT = Path(__file__).resolve().parents[2]
SRC = Path(cdnet.__file__).parent


def test_the_cli_reference_matches_the_commands_help():
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == render(app), "run: python -m cdnet.docsgen.cli_reference > docs/cli.md"


def test_every_environment_setting_the_code_reads_is_in_the_settings_table():
    table = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    code = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    names = set(re.findall(r"""environ(?:\.get)?[\(\[]\s*["']([A-Z_]+)["']""", code))
    names |= set(re.findall(r"""envvar=["']([A-Z_]+)["']""", code))
    names -= {"DJANGO_SETTINGS_MODULE"}
    assert names, "the scan found no settings at all"
    missing = sorted(n for n in names if f"`{n}`" not in table)
    assert missing == []


def test_every_registered_detector_has_a_docs_page():
    from cdnet.analysis.detectors import registry

    names = registry.names()
    assert "lookalike-domains" in names
    for name in names:
        assert (ROOT / "docs" / "detectors" / f"{name}.md").is_file(), name


def test_the_readme_shows_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
