"""Telegram Desktop exports become posts: text arrays, entities, forwards, media; no service."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cdnet.analysis.ingest import ingest
from cdnet.analysis.ingest.formats import detect_format, jsonstream
from cdnet.cli import app
from cdnet.errors import BadInput

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
CHANNEL = FIXTURES / "telegram_channel.json"
FULL = FIXTURES / "telegram_full_result.json"


def posts(paths: list[Path], out: Path, **options: object) -> dict[str, dict[str, object]]:
    options.setdefault("on_warning", lambda message: None)
    ingest(paths, out, **options)  # type: ignore[arg-type]
    return {row["post_id"]: row for row in pq.read_table(out / "posts.parquet").to_pylist()}


def test_the_sniffer_recognises_a_single_chat_and_a_full_export():
    assert detect_format(CHANNEL).NAME == "telegram"
    assert detect_format(FULL).NAME == "telegram"


def test_service_messages_are_skipped(tmp_path):
    assert sorted(posts([CHANNEL], tmp_path / "out")) == [
        "1500000001/2",
        "1500000001/3",
        "1500000001/4",
    ]


def test_a_text_array_is_joined_and_its_entities_give_links_and_mentions(tmp_path):
    row = posts([CHANNEL], tmp_path / "out")["1500000001/2"]
    assert row["text"] == "Breaking: https://rrn[.]media/a says @OtherChannel source"
    assert row["links"] == ["https://rrn.media/a", "https://example.org/src"]
    assert row["mentions"] == ["OtherChannel"]
    assert (row["account_id"], row["account_name"]) == ("channel1500000001", "Daily Truth")
    assert row["created_at"] == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    assert row["platform"] == "telegram"


def test_a_forward_keeps_its_origin_and_gets_a_key_for_its_original_in_reshare_of(tmp_path):
    rows = posts([CHANNEL], tmp_path / "out")
    row = rows["1500000001/3"]
    assert row["forwarded_from"] == "War News"
    assert row["reshare_of"] == "fwd:War News:" + forward_digest("Forwarded words")
    assert rows["1500000001/2"]["reshare_of"] is None


def forward_digest(text: str, *media: object) -> str:
    fields = [text, *media, *[None] * (7 - len(media))]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()[:16]


def chat_with_forwards(chat_id: int, *forwards: dict[str, object]) -> dict[str, object]:
    messages = [
        {"id": n, "type": "message", "date_unixtime": "1709287200", "from_id": "user1", **f}
        for n, f in enumerate(forwards, start=1)
    ]
    return {
        "name": f"chat {chat_id}",
        "type": "public_channel",
        "id": chat_id,
        "messages": messages,
    }


def test_forwards_of_one_original_in_two_exports_share_their_reshare_of(tmp_path):
    same = {"forwarded_from": "War News", "forwarded_from_id": "channel99", "text": "Same words"}
    other = {**same, "text": "Other words"}
    first, second = tmp_path / "a" / "result.json", tmp_path / "b" / "result.json"
    for path, chat in (
        (first, chat_with_forwards(1, same, other)),
        (second, chat_with_forwards(2, same)),
    ):
        path.parent.mkdir()
        path.write_text(json.dumps(chat), encoding="utf-8")
    rows = posts([first, second], tmp_path / "out")
    assert rows["1/1"]["reshare_of"] == rows["2/1"]["reshare_of"]
    assert rows["1/1"]["reshare_of"] == "fwd:channel99:" + forward_digest("Same words")
    assert rows["1/2"]["reshare_of"] == "fwd:channel99:" + forward_digest("Other words")
    assert rows["1/1"]["forwarded_from_id"] == "channel99"


def test_a_forwarded_photo_without_text_is_keyed_by_its_media_and_saved_from(tmp_path):
    photo = {"saved_from": "Daily Truth", "photo": "photos/a.jpg", "width": 800, "height": 600}
    bigger = {**photo, "photo": "photos/b.jpg", "width": 1280}
    source = tmp_path / "result.json"
    source.write_text(json.dumps(chat_with_forwards(5, photo, bigger)), encoding="utf-8")
    rows = posts([source], tmp_path / "out")
    assert rows["5/1"]["reshare_of"] == "fwd:Daily Truth:" + forward_digest(
        "", None, None, None, None, 800, 600
    )
    assert rows["5/2"]["reshare_of"] != rows["5/1"]["reshare_of"]


def test_a_photo_keeps_its_path_and_a_naive_date_is_read_as_utc_with_a_warning(tmp_path):
    warnings: list[str] = []
    row = posts([CHANNEL], tmp_path / "out", on_warning=warnings.append)["1500000001/4"]
    assert row["photo"] == "photos/photo_1@01-03-2024_12-00-00.jpg"
    assert row["reply_to"] == "1500000001/2"
    assert row["created_at"] == datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    assert warnings == [f"{CHANNEL}: timestamps without a UTC offset were read as UTC"]


def test_a_full_export_reads_chats_list_and_reports_a_bad_date_by_item_number(tmp_path):
    with pytest.raises(BadInput) as caught:
        ingest([FULL], tmp_path / "out")
    assert str(caught.value).startswith(f"{FULL}:3:created_at: expected an ISO 8601")
    assert not (tmp_path / "out").exists()


def test_skip_drops_the_bad_message_of_a_full_export_and_keeps_files(tmp_path):
    rows = posts([FULL], tmp_path / "out", on_error="skip")
    assert sorted(rows) == ["777/10", "777/13"]
    assert rows["777/10"]["file"] == "files/report.pdf"
    assert rows["777/10"]["links"] == ["example.com"]
    assert (rows["777/13"]["account_id"], rows["777/13"]["account_name"]) == ("user42", "Alice")


def test_a_message_that_is_not_an_object_names_its_item(tmp_path):
    chat = json.loads(CHANNEL.read_text(encoding="utf-8"))
    chat["messages"].insert(1, "oops")
    source = tmp_path / "result.json"
    source.write_text(json.dumps(chat), encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out")
    assert str(caught.value) == f"{source}:2: expected a message object"


def test_the_cli_picks_the_telegram_format_by_itself(tmp_path):
    source = tmp_path / "result.json"
    shutil.copy(CHANNEL, source)
    result = CliRunner().invoke(app, ["ingest", str(source), "--out", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    rows = pq.read_table(tmp_path / "t" / "posts.parquet").to_pylist()
    assert rows[0]["mentions"] == ["OtherChannel"]


def test_streaming_in_tiny_chunks_reads_the_same_messages(tmp_path, monkeypatch):
    expected = posts([FULL], tmp_path / "whole", on_error="skip")
    monkeypatch.setattr(jsonstream, "CHUNK", 5)
    assert posts([FULL], tmp_path / "tiny", on_error="skip") == expected


def test_a_truncated_export_names_the_line_where_the_json_breaks(tmp_path):
    source = tmp_path / "result.json"
    source.write_text(CHANNEL.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        ingest([source], tmp_path / "out")
    assert str(caught.value).startswith(f"{source}:")
    assert "not valid JSON" in str(caught.value)
    assert not (tmp_path / "out").exists()
