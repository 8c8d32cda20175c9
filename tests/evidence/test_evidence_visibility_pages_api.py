"""Who sees evidence (TLP), on the pages and through the API; downloads and RED views audited."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from evidence_helpers import EXE, PDF, make_case

from cdnet.audit.models import AuditEntry
from cdnet.evidence.models import EvidenceItem
from cdnet.evidence.services import upload
from cdnet.evidence.visibility import can_see_evidence, visible_evidence
from cdnet.network.services import create_token


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user)}"}


def read_all(response) -> bytes:
    """The body of a streaming response (reading it to the end closes the file behind it)."""
    return b"".join(response.streaming_content)


def audit(action: str, item: EvidenceItem):
    return AuditEntry.objects.filter(
        action=action, object_type="evidenceitem", object_id=str(item.pk)
    )


@pytest.fixture
def strict_item(network):
    """An AMBER+STRICT item on an AMBER case led by Alpha: bob (Beta) sees the case, not it."""
    case = make_case(network.alice)
    return upload(network.alice, "s.pdf", PDF, case=case, tlp="AMBER+STRICT")


def test_an_amber_strict_item_is_visible_to_its_organisation_only(network, strict_item):
    assert can_see_evidence(network.dave, strict_item)
    assert not can_see_evidence(network.bob, strict_item)
    assert list(visible_evidence(network.bob)) == []


def test_a_red_item_is_visible_to_the_capturer_and_the_named_people_of_its_case(network):
    case = make_case(network.alice)
    case.participants.add(network.dave)
    item = upload(network.alice, "r.txt", b"red\n", case=case, tlp="RED")
    assert can_see_evidence(network.alice, item) and can_see_evidence(network.dave, item)
    assert not can_see_evidence(network.carol, item)
    assert not can_see_evidence(network.bob, item)


def test_an_item_is_never_more_open_than_its_parent(network):
    case = make_case(network.alice, tlp="RED")
    item = upload(network.alice, "c.txt", b"clear\n", case=case, tlp="CLEAR")
    assert can_see_evidence(network.alice, item)
    assert not can_see_evidence(network.dave, item)


def test_bob_of_another_organisation_cannot_download_an_amber_strict_item(network, strict_item):
    url = f"/evidence/{strict_item.pk}/files/primary/"
    assert logged_in(network.bob).get(url).status_code == 404
    assert logged_in(network.bob).get(f"/evidence/{strict_item.pk}/").status_code == 404
    assert Client().get(url).status_code == 302  # to the login page
    assert not audit("download", strict_item).exists()
    response = logged_in(network.dave).get(url)
    assert response.status_code == 200
    assert read_all(response) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    [entry] = audit("download", strict_item)
    assert (entry.actor, entry.details["role"]) == (network.dave, "primary")


def test_viewing_a_red_item_is_audited_and_an_amber_one_is_not(network):
    case = make_case(network.alice)
    red = upload(network.alice, "r.txt", b"red words\n", case=case, tlp="RED")
    amber = upload(network.alice, "a.txt", b"amber words\n", case=case)
    html = logged_in(network.alice).get(f"/evidence/{red.pk}/").content.decode()
    assert red.sha256 in html and "red words" in html
    [view] = audit("view", red)
    assert view.actor == network.alice
    logged_in(network.alice).get(f"/evidence/{amber.pk}/")
    assert not audit("view", amber).exists()
    assert logged_in(network.carol).get(f"/evidence/{red.pk}/").status_code == 404


def test_the_upload_form_attaches_a_file_to_a_case(network):
    case = make_case(network.alice)
    response = logged_in(network.alice).post(
        "/evidence/upload/",
        {"target_kind": "case", "target_id": case.pk, "title": "Scan", "tlp": "",
         "file": io.BytesIO(PDF), "next": "/"},
        format="multipart",
    )  # fmt: skip
    item = EvidenceItem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/evidence/{item.pk}/"
    assert (item.title, item.case, item.tlp) == ("Scan", case, case.tlp)


def test_the_upload_form_shows_why_a_file_was_refused(network):
    case = make_case(network.alice)
    exe = io.BytesIO(EXE)
    exe.name = "cat.png"
    client = logged_in(network.alice)
    response = client.post(
        "/evidence/upload/",
        {"target_kind": "case", "target_id": case.pk, "file": exe, "next": "/evidence/x"},
        follow=False,
    )
    assert response.status_code == 302 and response["Location"] == "/evidence/x"
    assert not EvidenceItem.objects.exists()


def test_the_capture_form_refuses_a_private_address_with_a_message(network, page_server):
    case = make_case(network.alice)
    response = logged_in(network.alice).post(
        "/evidence/capture/",
        {"target_kind": "case", "target_id": case.pk, "url": page_server.url()},
        follow=True,
    )
    assert "refused to fetch from 127.0.0.1" in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_the_case_package_page_returns_a_zip_and_hides_invisible_cases(network):
    case = make_case(network.alice, tlp="AMBER+STRICT")
    upload(network.alice, "a.txt", b"text\n", case=case)
    response = logged_in(network.dave).get(f"/cases/{case.pk}/evidence.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(read_all(response))) as zf:
        assert "manifest.json" in zf.namelist()
    assert logged_in(network.bob).get(f"/cases/{case.pk}/evidence.zip").status_code == 404
    assert logged_in(network.bob).get("/cases/999999/evidence.zip").status_code == 404


def test_the_api_captures_reads_downloads_corrects_and_packages(
    network, page_server, allow_private
):
    client, headers = Client(), api(network.alice)
    case = make_case(network.alice)
    created = client.post(
        "/api/evidence/capture",
        {"url": page_server.url(), "case_id": case.pk, "title": "Front page"},
        content_type="application/json", headers=headers,
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["title"], body["version"], body["case_id"]) == ("Front page", 1, case.pk)
    assert {f["role"] for f in body["files"]} >= {"primary", "warc", "text"}
    got = client.get(f"/api/evidence/{body['id']}", headers=headers).json()
    assert got["sha256"] == body["sha256"]
    primary = client.get(f"/api/evidence/{body['id']}/files/primary", headers=headers)
    assert primary.status_code == 200 and b"fake quote" in read_all(primary)
    fixed = client.post(
        f"/api/evidence/{body['id']}/corrections", {"url": page_server.url("/gzip")},
        headers=headers,
    )  # fmt: skip
    assert fixed.status_code == 201, fixed.content
    assert (fixed.json()["version"], fixed.json()["supersedes"]) == (2, body["id"])
    package = client.get(f"/api/cases/{case.pk}/evidence-package", headers=headers)
    assert package.status_code == 200 and package["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(read_all(package))).testzip() is None


def test_the_api_uploads_multipart_and_hides_what_the_caller_cannot_see(network, strict_item):
    client = Client()
    case = make_case(network.alice)
    pdf = io.BytesIO(PDF)
    pdf.name = "scan.pdf"
    created = client.post(
        "/api/evidence/upload", {"case_id": case.pk, "file": pdf}, headers=api(network.alice)
    )
    assert created.status_code == 201, created.content
    assert created.json()["mime_type"] == "application/pdf"
    bob = api(network.bob)
    for path in (
        f"/api/evidence/{strict_item.pk}",
        f"/api/evidence/{strict_item.pk}/files/primary",
    ):
        assert client.get(path, headers=bob).status_code == 404
    assert client.get("/api/evidence/999999", headers=bob).status_code == 404
    hidden = make_case(network.alice, tlp="AMBER+STRICT")
    assert client.get(f"/api/cases/{hidden.pk}/evidence-package", headers=bob).status_code == 404
    refused = client.post(
        "/api/evidence/capture", {"url": "http://x.example/", "case_id": hidden.pk},
        content_type="application/json", headers=bob,
    )  # fmt: skip
    assert refused.status_code == 404


def test_a_capture_page_shows_hashes_text_and_the_screenshot_inline(
    network, page_server, allow_private, settings
):
    from pathlib import Path

    from cdnet.evidence.services import capture_url

    if not Path(settings.CHROMIUM_PATH).is_file():
        pytest.skip("no Chromium for the screenshot")
    item = capture_url(network.alice, page_server.url(), case=make_case(network.alice))
    client = logged_in(network.alice)
    html = client.get(f"/evidence/{item.pk}/").content.decode()
    assert item.sha256 in html and "The minister never said this." in html
    assert f'src="/evidence/{item.pk}/files/screenshot/?inline=1"' in html
    shot = client.get(f"/evidence/{item.pk}/files/screenshot/?inline=1")
    assert shot["Content-Type"] == "image/png" and shot["Content-Disposition"].startswith("inline")
    assert read_all(shot).startswith(b"\x89PNG")
    assert audit("download", item).get().details["inline"] is True
