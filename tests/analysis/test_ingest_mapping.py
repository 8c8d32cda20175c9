"""Any CSV fills a canonical table through a small TOML mapping file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cdnet.analysis.ingest import ingest
from cdnet.analysis.ingest.mapping import load_mapping
from cdnet.errors import BadInput

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "mapping"
CSV = FIXTURES / "page_posts.csv"
MAPPING = FIXTURES / "page_posts.toml"

MINIMAL = """table = "posts"
[columns]
post_id = "ID"
account_id = "Who"
created_at = "When"
"""


def posts(paths: list[Path], out: Path, mapping: Path, **options: object) -> list[dict]:
    options.setdefault("on_warning", lambda message: None)
    ingest(paths, out, mapping=mapping, **options)  # type: ignore[arg-type]
    return pq.read_table(out / "posts.parquet").to_pylist()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_mapped_columns_constants_lists_and_local_times_fill_the_posts_table(tmp_path):
    first, second, third = posts([CSV], tmp_path / "out", MAPPING)
    assert (first["post_id"], first["account_id"], first["account_name"]) == (
        "1001",
        "page-42",
        "Daily Truth",
    )
    assert first["created_at"] == datetime(2024, 6, 4, 7, 15, tzinfo=UTC)  # 09:15 in Paris
    assert second["created_at"] == datetime(2024, 6, 4, 21, 30, tzinfo=UTC)
    assert first["platform"] == second["platform"] == "facebook"
    assert first["links"] == ["https://evil.example/x", "https://news.example.org/a"]
    assert second["links"] == []
    assert first["text"] == "Lisez hxxps://evil[.]example/x"
    assert second["text"] == "Deux lignes\ndans une cellule"
    assert third["links"] == ["https://rrn.example/b"]


def test_canonical_csv_columns_are_read_as_they_are_and_others_pass_through(tmp_path):
    first, second, third = posts([CSV], tmp_path / "out", MAPPING)
    assert (first["url"], first["lang"], second["lang"]) == (
        "https://facebook.example/1001",
        "fr",
        None,
    )
    assert [first["Likes"], second["Likes"], third["Likes"]] == ["12", "3", None]
    names = pq.read_schema(tmp_path / "out" / "posts.parquet").names
    assert names[-1] == "Likes"
    assert "ID" not in names and "Posted" not in names


def test_a_csv_column_named_like_a_mapped_canonical_column_is_kept_as_source_name(tmp_path):
    data = write(tmp_path / "d.csv", "ID,Who,When,Body,text\n1,a,2024-06-04T10:00:00Z,hi,old\n")
    mapping = write(tmp_path / "m.toml", MINIMAL + 'text = "Body"\n')
    (row,) = posts([data], tmp_path / "out", mapping)
    assert (row["text"], row["source_text"]) == ("hi", "old")


def test_a_value_that_does_not_match_its_format_names_the_csv_row_and_column(tmp_path):
    data = tmp_path / "page_posts.csv"
    data.write_text(CSV.read_text(encoding="utf-8").replace("05/06/2024 08:00", "31/02/2024 08:00"))
    out = tmp_path / "out"
    with pytest.raises(BadInput) as caught:
        ingest([data], out, mapping=MAPPING)
    assert caught.value.message == (
        f"{data}:5:Posted: '31/02/2024 08:00' does not match the format '%d/%m/%Y %H:%M' "
        "of page_posts.toml timestamps.created_at"
    )
    assert not out.exists()


def test_skipping_drops_the_rows_with_bad_times_and_counts_them(tmp_path):
    data = tmp_path / "page_posts.csv"
    data.write_text(CSV.read_text(encoding="utf-8").replace("04/06/2024 09:15", "soon"))
    summary = ingest([data], tmp_path / "out", mapping=MAPPING, on_error="skip")
    assert (summary.rows_read, summary.rows_written, summary.rows_skipped) == (3, 2, 1)
    rows = pq.read_table(tmp_path / "out" / "posts.parquet").to_pylist()
    assert [r["post_id"] for r in rows] == ["1002", "1003"]
    assert rows[0]["text"] == "Deux lignes\ndans une cellule"


def test_a_missing_required_value_names_the_csv_column_it_comes_from(tmp_path):
    data = tmp_path / "page_posts.csv"
    data.write_text(CSV.read_text(encoding="utf-8").replace("1003;page-42", "1003;"))
    with pytest.raises(BadInput) as caught:
        ingest([data], tmp_path / "out", mapping=MAPPING)
    assert caught.value.message == f"{data}:5:Page: a value is required"


def test_a_source_column_missing_from_the_header_names_the_csv_row_1_and_the_column(tmp_path):
    mapping = write(tmp_path / "m.toml", MINIMAL)
    data = write(tmp_path / "d.csv", "ID,Author,When\n1,a,2024-06-04T10:00:00Z\n")
    with pytest.raises(BadInput) as caught:
        ingest([data], tmp_path / "out", mapping=mapping)
    assert caught.value.message == (
        f"{data}:1:Who: the header has no column 'Who', which {mapping} names in columns.account_id"
    )


def test_a_required_column_neither_mapped_nor_in_the_header_is_named(tmp_path):
    mapping = write(tmp_path / "m.toml", 'table = "posts"\n[columns]\npost_id = "ID"\n')
    data = write(tmp_path / "d.csv", "ID,created_at\n1,2024-06-04T10:00:00Z\n")
    with pytest.raises(BadInput, match=rf"d\.csv:1:account_id: required column .*{mapping.name}"):
        ingest([data], tmp_path / "out", mapping=mapping)


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        (MINIMAL + 'likes = "Likes"\n', "columns.likes", "not a column of the posts table"),
        (MINIMAL.replace('"posts"', '"tweets"'), "table", "unknown table"),
        ("[columns]\npost_id = 'ID'\n", "table", "missing"),
        (MINIMAL + "[timestamps]\ntext = '%Y'\n", "timestamps.text", "not a timestamp column"),
        ("separator = ';'\n" + MINIMAL, "separator", "unknown key"),
        ("timezone = 'Mars/Olympus'\n" + MINIMAL, "timezone", "unknown time zone"),
        ("delimiter = ';;'\n" + MINIMAL, "delimiter", "expected one character"),
        (MINIMAL + 'platform = "Net"\n[constants]\nplatform = "x"\n', "constants.platform", "also"),
        (MINIMAL + "[constants]\nmentions = {a = 1}\n", "constants.mentions", "expected a"),
    ],
)
def test_a_wrong_mapping_names_the_mapping_file_and_key(tmp_path, text, key, reason):
    mapping = write(tmp_path / "map.toml", text)
    with pytest.raises(BadInput) as caught:
        load_mapping(mapping)
    assert caught.value.message.startswith(f"{mapping}:{key}: {reason}")


def test_a_constant_outside_a_closed_set_names_the_mapping_key(tmp_path):
    text = 'table = "ads"\n[columns]\nad_id = "id"\npage_id = "page"\ntext = "body"\n'
    mapping = write(tmp_path / "ads.toml", text + '[constants]\ndeclared_category = "maybe"\n')
    with pytest.raises(BadInput) as caught:
        load_mapping(mapping)
    assert caught.value.message == (
        f"{mapping}:constants.declared_category: expected one of issue, none, political"
    )


def test_a_broken_toml_file_is_named_with_where_it_breaks(tmp_path):
    mapping = write(tmp_path / "map.toml", 'table = "posts\n')
    with pytest.raises(BadInput, match=rf"^{mapping}: not a valid TOML mapping file: .*line 1"):
        load_mapping(mapping)


def test_unix_seconds_and_milliseconds_are_read_as_utc(tmp_path):
    text = MINIMAL.replace('"When"', '"ms"') + "[timestamps]\ncreated_at = 'unix_ms'\n"
    mapping = write(tmp_path / "m.toml", text)
    data = write(tmp_path / "d.csv", "ID,Who,ms\n1,a,1717492500000\n2,b,1717492500500\n")
    first, second = posts([data], tmp_path / "out", mapping)
    assert first["created_at"] == datetime(2024, 6, 4, 9, 15, tzinfo=UTC)
    assert second["created_at"] == datetime(2024, 6, 4, 9, 15, 0, 500_000, tzinfo=UTC)


def test_a_format_with_an_offset_ignores_the_default_zone_and_one_without_warns(tmp_path):
    data = write(tmp_path / "d.csv", "ID,Who,When\n1,a,2024-06-04 10:00 +0100\n")
    zoned = write(
        tmp_path / "z.toml",
        "timezone = 'Europe/Paris'\n"
        + MINIMAL
        + "[timestamps]\ncreated_at = '%Y-%m-%d %H:%M %z'\n",
    )
    (row,) = posts([data], tmp_path / "a", zoned)
    assert row["created_at"] == datetime(2024, 6, 4, 9, 0, tzinfo=UTC)
    naive = write(tmp_path / "n.toml", MINIMAL + "[timestamps]\ncreated_at = '%Y-%m-%d %H:%M'\n")
    other = write(tmp_path / "e.csv", "ID,Who,When\n1,a,2024-06-04 10:00\n")
    warnings: list[str] = []
    (row,) = posts([other], tmp_path / "b", naive, on_warning=warnings.append)
    assert row["created_at"] == datetime(2024, 6, 4, 10, 0, tzinfo=UTC)
    assert warnings == [f"{other}: timestamps without a UTC offset were read as UTC"]


def test_a_mapping_is_only_for_csv_files_and_must_agree_with_format(tmp_path):
    data = write(tmp_path / "d.jsonl", '{"ID": 1}\n')
    mapping = write(tmp_path / "m.toml", MINIMAL)
    with pytest.raises(BadInput, match=r"d\.jsonl: a mapping file \(m\.toml\) applies to CSV"):
        ingest([data], tmp_path / "out", mapping=mapping)
    with pytest.raises(BadInput, match=r"m\.toml: --format ads and a mapping file for the posts"):
        ingest([CSV], tmp_path / "out", mapping=mapping, fmt="ads")
