"""Evidence packages: every visible item, a manifest, the custody; `cdnet evidence verify`."""

from __future__ import annotations

import json
import struct
import zipfile

import pytest
from evidence_helpers import PDF, make_case
from typer.testing import CliRunner

from cdnet.audit.models import AuditEntry
from cdnet.cli import app
from cdnet.errors import NotFound
from cdnet.evidence.package import build_package, verify_package
from cdnet.evidence.services import capture_url, correct, upload
from factories import make_alert

runner = CliRunner()


@pytest.fixture
def packaged(network, page_server, allow_private, tmp_path):
    case = make_case(network.alice)
    page = capture_url(network.alice, page_server.url(), case=case)
    v1 = upload(network.alice, "statement.pdf", PDF, case=case)
    v2 = correct(network.alice, v1, content=PDF + b"% corrected\n")
    path = build_package(network.alice, case=case, out=tmp_path / "case.zip")
    return case, [page, v1, v2], path


def data_offset(path, name: str) -> int:
    """Where the (compressed) bytes of ``name`` start inside the zip."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    raw = path.read_bytes()
    name_len, extra_len = struct.unpack(
        "<HH", raw[info.header_offset + 26 : info.header_offset + 30]
    )
    return info.header_offset + 30 + name_len + extra_len


def test_a_package_holds_every_item_with_its_files_a_manifest_and_the_custody(packaged, network):
    case, items, path = packaged
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        custody = json.loads(zf.read("custody.json"))
    page, v1, v2 = items
    assert {i["id"] for i in manifest["items"]} == {page.pk, v1.pk, v2.pk}
    assert manifest["subject"] == {
        "type": "case",
        "id": case.pk,
        "title": case.title,
        "tlp": "AMBER",
    }
    listed = {f["path"] for i in manifest["items"] for f in i["files"]}
    assert names == listed | {"manifest.json", "custody.json"}
    assert f"items/{page.pk}-v1/primary.html" in names
    assert f"items/{page.pk}-v1/warc.warc.gz" in names
    assert f"items/{v2.pk}-v2/primary.pdf" in names
    entry = next(i for i in manifest["items"] if i["id"] == v2.pk)
    assert (entry["supersedes"], entry["captured_by"], entry["sha256"]) == (
        v1.pk,
        "alice",
        v2.sha256,
    )
    assert entry["captured_at"].endswith("+00:00")
    actions = [(e["action"], e["object_type"]) for e in custody["entries"]]
    assert actions.count(("create", "evidenceitem")) == 3
    assert actions[-1] == ("export", "case")
    export = AuditEntry.objects.get(action="export", object_type="case", object_id=str(case.pk))
    assert export.details["sha256"] == custody["manifest_sha256"]
    assert sorted(export.details["items"]) == sorted(i.pk for i in items)


def test_cdnet_evidence_verify_passes_on_an_intact_package(packaged):
    _, _, path = packaged
    result = runner.invoke(app, ["evidence", "verify", str(path)])
    assert result.exit_code == 0, result.output
    assert "intact (3 items" in result.output


def test_verify_fails_naming_the_file_when_one_byte_inside_it_is_flipped(packaged):
    _, items, path = packaged
    name = f"items/{items[1].pk}-v1/primary.pdf"
    raw = bytearray(path.read_bytes())
    raw[data_offset(path, name) + 3] ^= 0xFF
    path.write_bytes(bytes(raw))
    result = runner.invoke(app, ["evidence", "verify", str(path)])
    assert result.exit_code == 2
    assert name in result.output
    assert not verify_package(path).ok


def test_verify_fails_for_a_file_missing_from_the_package(packaged, tmp_path):
    _, items, path = packaged
    missing = f"items/{items[0].pk}-v1/warc.warc.gz"
    smaller = tmp_path / "smaller.zip"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(smaller, "w") as dst:
        for info in src.infolist():
            if info.filename != missing:
                dst.writestr(info, src.read(info.filename))
    result = runner.invoke(app, ["evidence", "verify", str(smaller)])
    assert result.exit_code == 2
    assert f"{missing} is listed in the manifest but missing from the package" in result.output


def test_verify_reports_a_file_that_is_not_in_the_manifest_and_an_edited_manifest(
    packaged, tmp_path
):
    _, _, path = packaged
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(changed, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "manifest.json":
                data = data.replace(b'"alice"', b'"mallory"')
            dst.writestr(info, data)
        dst.writestr("items/extra.txt", b"slipped in")
    problems = verify_package(changed).problems
    assert "items/extra.txt is in the package but not in the manifest." in problems
    assert "manifest.json does not match the SHA-256 recorded in custody.json." in problems


def test_an_alert_package_holds_the_evidence_of_the_alert_and_of_its_findings(network, tmp_path):
    alert = make_alert(network.alice)
    on_alert = upload(network.alice, "a.txt", b"on the alert\n", alert=alert)
    on_finding = upload(network.alice, "f.txt", b"on its finding\n", finding=alert.findings.get())
    path = build_package(network.alice, alert=alert, out=tmp_path / "alert.zip")
    with zipfile.ZipFile(path) as zf:
        ids = {i["id"] for i in json.loads(zf.read("manifest.json"))["items"]}
    assert ids == {on_alert.pk, on_finding.pk}
    assert verify_package(path).ok


def test_a_package_leaves_out_items_the_exporter_cannot_see(network, tmp_path):
    case = make_case(network.alice)
    case.participants.add(network.bob)
    shared = upload(network.alice, "a.txt", b"shared\n", case=case)
    upload(network.alice, "s.txt", b"alpha only\n", case=case, tlp="AMBER+STRICT")
    upload(network.alice, "r.txt", b"alice only\n", case=case, tlp="RED")
    outsider = network.bob
    case.participants.remove(outsider)
    path = build_package(outsider, case=case, out=tmp_path / "bob.zip")
    with zipfile.ZipFile(path) as zf:
        ids = {i["id"] for i in json.loads(zf.read("manifest.json"))["items"]}
    assert ids == {shared.pk}


def test_nobody_exports_a_case_they_cannot_see(network, tmp_path):
    case = make_case(network.alice, tlp="AMBER+STRICT")
    with pytest.raises(NotFound):
        build_package(network.bob, case=case, out=tmp_path / "x.zip")
    assert not AuditEntry.objects.filter(action="export").exists()
