"""Uploads are checked by content against an allow-list; corrections add versions."""

from __future__ import annotations

import io

import pytest
from evidence_helpers import EML, EXE, PDF, make_case

from cdnet.audit.models import AuditEntry
from cdnet.errors import BadInput, InvalidTransition, NotFound
from cdnet.evidence import services, store
from cdnet.evidence.models import EvidenceFile, EvidenceItem
from cdnet.evidence.services import correct, upload

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def stored_files(root) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_pdf_upload_is_kept_with_its_hash_type_and_an_audit_entry(network):
    case = make_case(network.alice)
    item = upload(network.alice, "statement.pdf", io.BytesIO(PDF), case=case)
    assert (item.kind, item.mime_type, item.size, item.original_name) == (
        "upload", "application/pdf", len(PDF), "statement.pdf"
    )  # fmt: skip
    assert store.read(item.files.get(role="primary").path) == PDF
    assert AuditEntry.objects.filter(
        action="create", object_type="evidenceitem", object_id=str(item.pk)
    ).exists()


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("pixel.png", PNG, "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20, "image/jpeg"),
        ("anim.gif", b"GIF89a\x01\x00\x01\x00" + b"\x00" * 20, "image/gif"),
        ("pic.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 20, "image/webp"),
        ("posts.csv", b"id,text\n1,caf\xc3\xa9\n", "text/csv"),
        ("notes.txt", b"plain notes\n", "text/plain"),
        ("mail.eml", EML, "message/rfc822"),
    ],
)
def test_the_allowed_types_are_recognised_by_their_content(network, name, content, mime):
    item = upload(network.alice, name, [content], case=make_case(network.alice))
    assert item.mime_type == mime


def test_an_email_upload_keeps_its_headers_and_body_as_text(network):
    item = upload(network.alice, "mail.eml", EML, case=make_case(network.alice))
    assert "Subject: Fabricated statement" in item.extracted_text
    assert "The statement attributed to us is fake." in item.extracted_text


def test_an_executable_renamed_png_is_refused_and_nothing_is_stored(network, evidence_store):
    with pytest.raises(BadInput, match="Windows executable") as refused:
        upload(network.alice, "cute-cat.png", EXE, case=make_case(network.alice))
    assert refused.value.file == "cute-cat.png"
    assert not EvidenceItem.objects.exists()
    assert stored_files(evidence_store) == []


def test_a_pdf_named_png_is_refused_because_the_name_and_the_content_disagree(network):
    with pytest.raises(
        BadInput, match="the name says image/png but the content is application/pdf"
    ):
        upload(network.alice, "scan.png", PDF, case=make_case(network.alice))


def test_binary_content_that_is_not_on_the_allow_list_is_refused(network):
    with pytest.raises(BadInput, match="not a type cdnet accepts"):
        upload(
            network.alice, "blob.bin", b"\x00\x01\x02\xfe\xff" * 10, case=make_case(network.alice)
        )


def test_an_upload_over_the_limit_is_refused_and_nothing_is_stored(
    network, settings, evidence_store
):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1000
    chunks = [b"a" * 400] * 3
    with pytest.raises(BadInput, match="larger than the limit of 1000 bytes"):
        upload(network.alice, "big.txt", chunks, case=make_case(network.alice))
    assert not EvidenceItem.objects.exists()
    assert stored_files(evidence_store) == []


def test_an_empty_upload_is_refused(network):
    with pytest.raises(BadInput, match="empty"):
        upload(network.alice, "empty.txt", b"", case=make_case(network.alice))


def test_a_correction_creates_version_2_and_leaves_version_1_unchanged(network):
    case = make_case(network.alice)
    v1 = upload(network.alice, "statement.pdf", PDF, case=case, title="Statement")
    before = EvidenceItem.objects.filter(pk=v1.pk).values().get()
    files_before = list(EvidenceFile.objects.filter(item=v1).values())
    v2 = correct(network.dave, v1, name="statement.pdf", content=PDF + b"% fixed\n")
    assert (v2.version, v2.supersedes, v2.title, v2.case) == (2, v1, "Statement", case)
    assert v2.sha256 != v1.sha256
    assert EvidenceItem.objects.filter(pk=v1.pk).values().get() == before
    assert list(EvidenceFile.objects.filter(item=v1).values()) == files_before
    entry = AuditEntry.objects.get(object_type="evidenceitem", object_id=str(v2.pk))
    assert (entry.details["supersedes"], entry.details["version"]) == (v1.pk, 2)


def test_only_the_newest_version_can_be_corrected(network):
    v1 = upload(network.alice, "notes.txt", b"first\n", case=make_case(network.alice))
    correct(network.alice, v1, content=b"second\n")
    with pytest.raises(InvalidTransition, match="corrected already"):
        correct(network.alice, v1, content=b"third\n")


def test_an_item_someone_cannot_see_cannot_be_corrected_by_them(network):
    case = make_case(network.alice)
    item = upload(network.alice, "notes.txt", b"red\n", case=case, tlp="RED")
    with pytest.raises(NotFound):
        correct(network.carol, item, content=b"changed\n")


def test_the_services_offer_no_way_to_edit_or_delete_an_item():
    public = [n for n in dir(services) if not n.startswith("_")]
    assert not [n for n in public if n.split("_")[0] in {"edit", "update", "delete", "remove"}]
