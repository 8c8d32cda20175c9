"""Capturing a page served on loopback: body, WARC, text, screenshot, audit."""

from __future__ import annotations

import gzip
import hashlib
import io
import os
from pathlib import Path

import pytest
from evidence_helpers import PAGE, make_case
from warcio.archiveiterator import ArchiveIterator

from cdnet.audit.models import AuditEntry
from cdnet.errors import BadInput, NotAllowed
from cdnet.evidence import store
from cdnet.evidence.models import EvidenceItem, FileRole
from cdnet.evidence.services import capture_url
from cdnet.evidence.warc import replay, responses
from factories import make_alert


def file_of(item: EvidenceItem, role: str) -> bytes:
    return store.read(item.files.get(role=role).path)


def test_a_captured_page_replays_from_its_warc_with_the_same_bytes_and_hash(
    network, page_server, allow_private
):
    case = make_case(network.alice)
    item = capture_url(network.alice, page_server.url(), case=case)
    body = file_of(item, FileRole.PRIMARY)
    assert body == PAGE
    assert item.sha256 == hashlib.sha256(PAGE).hexdigest() == item.files.get(role="primary").sha256
    replayed = replay(file_of(item, FileRole.WARC))
    assert replayed == body
    assert hashlib.sha256(replayed).hexdigest() == item.sha256
    assert (item.kind, item.version, item.mime_type, item.tlp) == (
        "url_capture", 1, "text/html", "AMBER"
    )  # fmt: skip


def test_a_capture_keeps_status_headers_title_and_readable_text(
    network, page_server, allow_private
):
    item = capture_url(network.alice, page_server.url(), case=make_case(network.alice))
    assert item.title == "Spiegel clone"
    assert item.metadata["status"] == 200
    assert item.metadata["final_url"] == page_server.url()
    assert ["Content-Type", "text/html; charset=utf-8"] in item.metadata["headers"]
    assert "The minister never said this." in item.extracted_text
    assert "tracker" not in item.extracted_text and "color:#222" not in item.extracted_text
    assert file_of(item, FileRole.TEXT).decode() == item.extracted_text


def test_a_gzip_encoded_page_is_stored_decoded_and_its_warc_keeps_the_bytes_received(
    network, page_server, allow_private
):
    item = capture_url(network.alice, page_server.url("/gzip"), case=make_case(network.alice))
    assert file_of(item, FileRole.PRIMARY) == PAGE
    assert replay(file_of(item, FileRole.WARC)) == PAGE
    received = [
        (r.http_headers.get_header("Content-Encoding"), r.raw_stream.read())
        for r in ArchiveIterator(io.BytesIO(file_of(item, FileRole.WARC)))
        if r.rec_type == "response"
    ]
    assert [(enc, gzip.decompress(raw)) for enc, raw in received] == [("gzip", PAGE)]


def test_redirects_are_followed_and_every_hop_is_in_the_warc(network, page_server, allow_private):
    start = page_server.url(f"/redirect?to={page_server.url()}")
    item = capture_url(network.alice, start, case=make_case(network.alice))
    assert item.source_url == start
    assert item.metadata["final_url"] == page_server.url()
    assert item.metadata["redirects"] == [
        {"url": start, "status": 302, "location": page_server.url()}
    ]
    hops = [(uri, status) for uri, status, _ in responses(file_of(item, FileRole.WARC))]
    assert hops == [(start, 302), (page_server.url(), 200)]


def test_a_capture_writes_an_audit_entry_with_its_hash(network, page_server, allow_private):
    case = make_case(network.alice)
    item = capture_url(network.alice, page_server.url(), case=case, title="Clone front page")
    entry = AuditEntry.objects.get(object_type="evidenceitem", object_id=str(item.pk))
    assert (entry.action, entry.actor, entry.summary) == (
        "create",
        network.alice,
        "Clone front page",
    )
    assert entry.details["sha256"] == item.sha256
    assert entry.details["parent"] == f"case:{case.pk}"


def test_a_screenshot_is_rendered_from_the_captured_bytes_when_chromium_is_installed(
    network, page_server, allow_private, settings
):
    chromium = Path(settings.CHROMIUM_PATH)
    if not chromium.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{chromium} is missing: `make test` installs Debian's chromium")
        pytest.skip(f"{chromium} is missing (apt-get install chromium)")
    item = capture_url(network.alice, page_server.url(), case=make_case(network.alice))
    png = file_of(item, FileRole.SCREENSHOT)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
    assert "rendered offline" in item.metadata["screenshot"]


def test_without_chromium_the_capture_goes_on_and_says_why_there_is_no_screenshot(
    network, page_server, allow_private, settings, tmp_path
):
    settings.CHROMIUM_PATH = str(tmp_path / "no-chromium")
    item = capture_url(network.alice, page_server.url(), case=make_case(network.alice))
    assert not item.files.filter(role=FileRole.SCREENSHOT).exists()
    assert "Chromium not found" in item.metadata["screenshot"]


def test_evidence_is_attached_to_exactly_one_finding_case_or_alert(
    network, page_server, allow_private
):
    with pytest.raises(BadInput, match="exactly one"):
        capture_url(network.alice, page_server.url())
    case = make_case(network.alice)
    with pytest.raises(BadInput, match="exactly one"):
        capture_url(network.alice, page_server.url(), case=case, alert=make_alert(network.alice))


def test_nobody_adds_evidence_to_a_case_they_cannot_see(network, page_server, allow_private):
    case = make_case(network.alice, tlp="AMBER+STRICT")
    with pytest.raises(NotAllowed, match=f"case {case.pk}"):
        capture_url(network.bob, page_server.url(), case=case)
    assert not EvidenceItem.objects.exists()
    assert page_server.seen_hosts == []  # refused before any fetch
