"""E-mail (.eml folders, .mbox) becomes the messages table: decoded headers and bodies, links."""

from __future__ import annotations

import base64
import gzip
import hashlib
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cdnet.analysis.ingest import expand_paths, ingest
from cdnet.analysis.ingest.formats import detect_format
from cdnet.cli import app
from cdnet.errors import BadInput

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "email"
INBOX = FIXTURES / "inbox"
CAMPAIGN = INBOX / "01-campaign.eml"
HTML_ONLY = INBOX / "02-html-only.eml"
NO_DATE = FIXTURES / "broken" / "no-date.eml"
MBOX = FIXTURES / "archive.mbox"


def messages(paths: list[Path], out: Path, **options: object) -> dict[str, dict[str, object]]:
    options.setdefault("on_warning", lambda message: None)
    ingest(paths, out, **options)  # type: ignore[arg-type]
    rows = pq.read_table(out / "messages.parquet").to_pylist()
    return {str(row["source"]): row for row in rows}


def test_the_sniffer_takes_eml_mbox_and_a_bare_mailbox_but_not_other_files(tmp_path):
    assert detect_format(CAMPAIGN).NAME == "email"
    assert detect_format(MBOX).NAME == "email"
    thunderbird = tmp_path / "Inbox"
    shutil.copy(MBOX, thunderbird)
    assert detect_format(thunderbird).NAME == "email"
    notes = tmp_path / "notes"
    notes.write_text("From the desk of Alice\nnothing else\n", encoding="utf-8")
    posts = tmp_path / "posts.csv"
    posts.write_text("post_id,account_id,created_at\n", encoding="utf-8")
    assert detect_format(notes) is None
    assert detect_format(posts) is None


def test_a_folder_stands_for_its_eml_files(tmp_path):
    folder = tmp_path / "mail"
    shutil.copytree(INBOX, folder)
    (folder / "README.md").write_text("not a message\n", encoding="utf-8")
    assert [p.name for p in expand_paths([folder])] == ["01-campaign.eml", "02-html-only.eml"]
    assert sorted(messages([folder], tmp_path / "out")) == ["01-campaign.eml", "02-html-only.eml"]


def test_a_crlf_message_has_its_encoded_headers_and_quoted_printable_latin1_body_decoded(tmp_path):
    assert b"\r\n" in CAMPAIGN.read_bytes()
    row = messages([CAMPAIGN], tmp_path / "out")["01-campaign.eml"]
    assert row["message_id"] == "20240604091500.4242@campaign-mail.example"
    assert (row["sender"], row["sender_name"]) == ("zoe.dupont@campaign-mail.example", "Zoë Dupont")
    assert row["sent_at"] == datetime(2024, 6, 4, 7, 15, tzinfo=UTC)
    assert row["subject"] == "Résultats électoraux — exclusif"
    assert row["text"] == (
        "Chère rédaction,\n\n"
        "Lisez hxxps://evil[.]example/x avant la fermeture des bureaux de vote, c'est urgent.\n"
        "Voir aussi (https://news.example.org/a).\n"
    )


def test_recipients_cc_bcc_replies_and_attachments_are_kept(tmp_path):
    row = messages([CAMPAIGN], tmp_path / "out")["01-campaign.eml"]
    assert row["recipients"] == ["alice@factcheck.example", "bob@factcheck.example"]
    assert row["cc"] == ["andre@newsroom.example"]
    assert row["bcc"] == ["carol@network.example"]
    assert row["reply_to"] == "replies@campaign-mail.example"
    assert row["in_reply_to"] == "earlier-1@factcheck.example"
    assert row["attachments"] == ["programme-électoral.pdf"]


def test_defanged_links_in_the_body_are_refanged_but_the_text_stays_as_written(tmp_path):
    row = messages([CAMPAIGN], tmp_path / "out")["01-campaign.eml"]
    assert row["links"] == ["https://evil.example/x", "https://news.example.org/a"]
    assert "hxxps://evil[.]example/x" in str(row["text"])


def test_an_html_only_alternative_becomes_text_and_its_hrefs_become_links(tmp_path):
    row = messages([HTML_ONLY], tmp_path / "out")["02-html-only.eml"]
    assert row["text"] == (
        "La vérité sur cet article.\n\nPartagez : hxxp://share[.]example/now\n\ncontact"
    )
    assert row["links"] == ["http://share.example/now", "https://rrn.example/article?id=1&s=2"]
    assert row["subject"] == "Breaking: la vérité"
    assert (row["sender"], row["recipients"], row["cc"]) == ("news@disinfo-outlet.example", [], [])


def test_a_message_without_message_id_gets_the_sha256_of_its_bytes(tmp_path):
    row = messages([HTML_ONLY], tmp_path / "out")["02-html-only.eml"]
    digest = hashlib.sha256(HTML_ONLY.read_bytes()).hexdigest()
    assert row["message_id"] == f"sha256-{digest}"


def test_the_derived_id_is_the_same_for_crlf_eml_and_for_the_message_inside_an_mbox(tmp_path):
    body = HTML_ONLY.read_bytes()
    crlf = tmp_path / "copy.eml"
    crlf.write_bytes(body.replace(b"\n", b"\r\n"))
    box = tmp_path / "box.mbox"
    box.write_bytes(b"From someone Wed Jun 05 18:00:00 2024\n" + body + b"\n")
    rows = messages([crlf, box], tmp_path / "out")
    assert rows["copy.eml"]["message_id"] == rows["box.mbox#1"]["message_id"]
    assert rows["copy.eml"]["message_id"] == "sha256-" + hashlib.sha256(body).hexdigest()


def test_a_gzipped_mbox_is_read_like_a_plain_one(tmp_path):
    box = tmp_path / "archive.mbox.gz"
    box.write_bytes(gzip.compress(MBOX.read_bytes()))
    assert [p.name for p in expand_paths([tmp_path])] == ["archive.mbox.gz"]
    rows = messages([box], tmp_path / "out", on_error="skip")
    assert sorted(rows) == ["archive.mbox.gz#1", "archive.mbox.gz#3"]
    assert rows["archive.mbox.gz#3"]["text"] == "Merci Alice — lu.\n"


def test_an_mbox_that_does_not_start_with_a_from_line_is_refused_on_row_1(tmp_path):
    box = tmp_path / "saved.mbox"
    box.write_bytes(b"Subject: hello\n\nFrom me\n")
    with pytest.raises(BadInput) as caught:
        ingest([box], tmp_path / "out", on_error="skip")
    assert caught.value.message == f"{box}:1: not an mbox file: expected a 'From ' line first"


def test_a_message_whose_date_is_not_a_date_stops_with_the_mbox_position_and_writes_nothing(
    tmp_path,
):
    out = tmp_path / "out"
    with pytest.raises(BadInput) as caught:
        ingest([MBOX], out)
    assert caught.value.message.startswith(f"{MBOX}:2:sent_at: the Date header is not a date")
    assert not out.exists()


def test_skipping_keeps_the_other_messages_of_the_mbox_with_their_fields(tmp_path):
    out = tmp_path / "out"
    summary = ingest([MBOX], out, on_error="skip")
    assert (summary.rows_read, summary.rows_written, summary.rows_skipped) == (3, 2, 1)
    rows = messages([MBOX], tmp_path / "again", on_error="skip")
    first, third = rows["archive.mbox#1"], rows["archive.mbox#3"]
    assert first["message_id"] == "m1@factcheck.example"
    assert first["text"] == "Hello Bob,\nFrom the desk: see https://example.org/report.\n"
    assert first["links"] == ["https://example.org/report"]
    assert (third["sender"], third["sender_name"]) == ("bob@factcheck.example", "Bob")
    assert third["text"] == "Merci Alice — lu.\n"
    assert third["in_reply_to"] == "m1@factcheck.example"
    assert third["sent_at"] == datetime(2024, 6, 3, 12, 0, tzinfo=UTC)


def test_a_missing_date_stops_naming_sent_at_or_is_skipped_and_counted(tmp_path):
    with pytest.raises(BadInput) as caught:
        ingest([NO_DATE], tmp_path / "out")
    assert caught.value.message == f"{NO_DATE}:1:sent_at: the message has no Date header"
    summary = ingest([INBOX, NO_DATE], tmp_path / "out", on_error="skip")
    assert (summary.rows_written, summary.rows_skipped) == (2, 1)


def test_a_message_without_a_from_address_is_broken_on_sender(tmp_path):
    path = tmp_path / "anonymous.eml"
    path.write_bytes(b"To: a@b.example\nDate: Mon, 03 Jun 2024 10:00:00 +0000\n\nhi\n")
    with pytest.raises(BadInput, match=r"anonymous\.eml:1:sender: the message has no From"):
        ingest([path], tmp_path / "out")


def test_a_date_without_a_zone_is_read_as_utc_with_a_warning(tmp_path):
    path = tmp_path / "naive.eml"
    path.write_bytes(b"From: a@b.example\nDate: Mon, 03 Jun 2024 10:00:00\n\nhi\n")
    warnings: list[str] = []
    row = messages([path], tmp_path / "out", on_warning=warnings.append)["naive.eml"]
    assert row["sent_at"] == datetime(2024, 6, 3, 10, 0, tzinfo=UTC)
    assert warnings == [f"{path}: timestamps without a UTC offset were read as UTC"]


def test_a_huge_base64_body_is_decoded_whole_with_its_last_link(tmp_path):
    text = ("Lorem ipsum dolor sit amet. " * 300_000) + "Fin: hxxps://late[.]example/end\n"
    body = base64.encodebytes(text.encode("utf-8"))
    head = (
        b"From: a@b.example\nDate: Mon, 03 Jun 2024 10:00:00 +0000\nMessage-ID: <big@b.example>\n"
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
    )
    path = tmp_path / "big.eml"
    path.write_bytes(head + body)
    row = messages([path], tmp_path / "out")["big.eml"]
    assert len(str(row["text"])) == len(text) > 8_000_000
    assert row["links"] == ["https://late.example/end"]


def test_an_unknown_charset_is_read_as_utf8_with_replacement_characters(tmp_path):
    path = tmp_path / "odd.eml"
    path.write_bytes(
        b"From: a@b.example\nDate: Mon, 03 Jun 2024 10:00:00 +0000\n"
        b"Content-Type: text/plain; charset=x-nonsense\n\ncaf\xc3\xa9 \xff\n"
    )
    row = messages([path], tmp_path / "out")["odd.eml"]
    assert row["text"] == "café \ufffd\n"


def test_a_canonical_messages_csv_is_recognised_from_its_header(tmp_path):
    path = tmp_path / "messages.csv"
    path.write_text(
        "message_id,sender,sent_at,recipients,links\n"
        'm1,alice@factcheck.example,2024-06-03T10:00:00Z,"[""bob@factcheck.example""]",'
        "hxxps://evil[.]example/x\n",
        encoding="utf-8",
    )
    ingest([path], tmp_path / "out")
    (row,) = pq.read_table(tmp_path / "out" / "messages.parquet").to_pylist()
    assert row["recipients"] == ["bob@factcheck.example"]
    assert row["links"] == ["https://evil.example/x"]
    assert row["sent_at"] == datetime(2024, 6, 3, 10, 0, tzinfo=UTC)
    forced = ingest([path], tmp_path / "forced", fmt="messages")
    assert list(forced.tables) == ["messages"]


def test_cdnet_ingest_reads_a_folder_of_eml_and_an_mbox_into_one_table(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["ingest", str(INBOX), str(MBOX), "--out", str(out), "--on-error", "skip"]
    )
    assert result.exit_code == 0, result.output
    assert "messages: 5 rows read, 4 written, 1 skipped" in result.stderr
    table = pq.read_table(out / "messages.parquet")
    assert sorted(table.column("source").to_pylist()) == [
        "01-campaign.eml",
        "02-html-only.eml",
        "archive.mbox#1",
        "archive.mbox#3",
    ]
