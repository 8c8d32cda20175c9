"""`cdnet ingest` and `cdnet detect` on the command line: streams, exit codes, files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cdnet.cli import app

POSTS = (
    "post_id,account_id,created_at,text,links\n"
    "p1,alice,2024-05-01T10:00:00Z,Lesen Sie spiegel[.]ltd/a,https://www.spiegel.de/x\n"
    'p2,bob,2024-05-01T11:00:00Z,hi,"hxxps://bild[.]work/x https://news.example.org"\n'
    "p3,carol,2024-05-01T12:00:00Z,nothing to see,\n"
)


def cdnet(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    path = tmp_path / "posts.csv"
    path.write_text(POSTS, encoding="utf-8")
    return path


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_detect_prints_only_json_lines_on_stdout_and_progress_on_stderr(posts):
    result = cdnet("detect", "lookalike-domains", posts)
    assert result.exit_code == 0, result.output
    records = json_lines(result.stdout)
    assert [(r["domain"], r["post_ids"]) for r in records] == [
        ("bild.work", ["p2"]),
        ("spiegel.ltd", ["p1"]),
    ]
    assert "lookalike-domains: 2 findings" in result.stderr
    assert "findings" not in result.stdout


def test_detect_exits_0_with_empty_stdout_when_nothing_is_found(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("spiegel.de\nexample.org\n", encoding="utf-8")
    result = cdnet("detect", "lookalike-domains", path)
    assert (result.exit_code, result.stdout) == (0, "")


def test_detect_reads_a_domain_list_with_a_replacement_protected_file(tmp_path):
    domains = tmp_path / "seen.txt"
    domains.write_text("examp1ebank.com\nspiegel.ltd\n", encoding="utf-8")
    protected = tmp_path / "protected.csv"
    protected.write_text("domain,name,country\nexamplebank.com,Example Bank,FR\n")
    result = cdnet("detect", "lookalike-domains", domains, "--protected", protected)
    assert result.exit_code == 0, result.output
    (record,) = json_lines(result.stdout)
    assert (record["domain"], record["imitates"], record["post_ids"]) == (
        "examp1ebank.com",
        "examplebank.com",
        [],
    )


def test_detect_on_bad_input_exits_2_naming_file_row_and_column_and_prints_nothing(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(POSTS + "p4,dave,last tuesday,x,\n", encoding="utf-8")
    result = cdnet("detect", "lookalike-domains", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{path}:5:created_at:" in result.stderr.replace("\n", "")


def test_detect_refuses_an_unknown_detector_naming_the_known_ones(posts):
    result = cdnet("detect", "lookalikes", posts)
    assert result.exit_code == 2
    assert "known detectors: lookalike-domains" in result.stderr


def test_detect_refuses_an_unknown_detector_option(posts):
    result = cdnet("detect", "lookalike-domains", posts, "--protect", "x.csv")
    assert result.exit_code == 2
    assert "--protected" in result.stderr


def test_detect_refuses_a_table_the_detector_does_not_read(tmp_path):
    path = tmp_path / "channels.csv"
    path.write_text("channel_id,platform,name\nc1,telegram,Foo\n", encoding="utf-8")
    result = cdnet("detect", "lookalike-domains", path)
    assert result.exit_code == 2
    assert "the inputs hold: channels" in result.stderr


def test_detect_writes_the_output_file_atomically_and_keeps_stdout_empty(posts, tmp_path):
    out = tmp_path / "findings.jsonl"
    result = cdnet("detect", "lookalike-domains", posts, "-o", out)
    assert (result.exit_code, result.stdout) == (0, "")
    assert [r["domain"] for r in json_lines(out.read_text())] == ["bild.work", "spiegel.ltd"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.jsonl", "posts.csv"]


def test_detect_writes_csv_with_lists_as_json(posts):
    result = cdnet("detect", "lookalike-domains", posts, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["domain"] == "bild.work"
    assert json.loads(rows[0]["disarm"])[0] == "T0149.003"


def test_detect_renders_a_table_for_people(posts):
    result = cdnet("detect", "lookalike-domains", posts, "--format", "table")
    assert result.exit_code == 0
    assert "spiegel.ltd uses the name of spiegel.de" in result.stdout


def test_ingest_writes_parquet_and_a_summary_on_stderr(posts, tmp_path):
    result = cdnet("ingest", posts, "--out", tmp_path / "tables")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "posts: 3 rows read, 3 written, 0 skipped" in result.stderr
    table = pq.read_table(tmp_path / "tables" / "posts.parquet")
    assert table.column("links").to_pylist()[1] == [
        "https://bild.work/x",
        "https://news.example.org",
    ]


def test_ingest_on_bad_input_exits_2_and_writes_nothing(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("post_id,account_id\n1,a\n", encoding="utf-8")
    out = tmp_path / "tables"
    result = cdnet("ingest", path, "--out", out, "--format", "posts")
    assert result.exit_code == 2
    assert f"{path}:1:created_at: required column" in result.stderr.replace("\n", "")
    assert not out.exists()


def test_ingest_skip_mode_counts_the_skipped_rows(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(POSTS + "p4,dave,last tuesday,x,\n", encoding="utf-8")
    result = cdnet("ingest", path, "--out", tmp_path / "t", "--on-error", "skip")
    assert result.exit_code == 0
    assert "posts: 4 rows read, 3 written, 1 skipped" in result.stderr


def test_detect_all_runs_every_detector_whose_table_is_in_the_folder(posts, tmp_path):
    assert cdnet("ingest", posts, "--out", tmp_path / "tables").exit_code == 0
    result = cdnet("detect", "all", tmp_path / "tables")
    assert result.exit_code == 0, result.output
    assert {r["detector"] for r in json_lines(result.stdout)} == {"lookalike-domains"}
    assert [r["domain"] for r in json_lines(result.stdout)] == ["bild.work", "spiegel.ltd"]


def test_detect_save_stores_the_findings_in_the_app_database(posts, db):
    from cdnet.cases.models import Finding

    result = cdnet("detect", "lookalike-domains", posts, "--save")
    assert result.exit_code == 0, result.output
    assert "saved 2 findings" in result.stderr
    assert sorted(Finding.objects.values_list("subject", flat=True)) == ["bild.work", "spiegel.ltd"]
    assert len(json_lines(result.stdout)) == 2
