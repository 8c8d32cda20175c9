"""Evidence packages: a zip of a case's or an alert's evidence, a manifest and its chain of custody.

Layout (``manifest.json`` describes it; docs/evidence.md has the format)::

    manifest.json                    the subject, and every item with its files' SHA-256 and size
    custody.json                     the audit entries of those items and of this export
    items/<id>-v<version>/<role>.<ext>

The export itself is audited; its entry holds the manifest's SHA-256, so ``custody.json`` ties the
manifest to the hash-chained audit log. :func:`verify_package` checks a package without a database.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cdnet.audit.log import entry_hash, record
from cdnet.audit.models import AuditEntry
from cdnet.cases.models import Alert, Case
from cdnet.cases.visibility import can_see
from cdnet.errors import BadInput, NotFound
from cdnet.evidence import store
from cdnet.evidence.models import EvidenceFile, EvidenceItem
from cdnet.evidence.sniff import suffix_for
from cdnet.evidence.visibility import visible_evidence

FORMAT = "cdnet-evidence-package/1"
FIXED = ("manifest.json", "custody.json")
CHUNK = 1 << 20


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def package_items(user: User, subject: Case | Alert) -> list[EvidenceItem]:
    """The visible items of the case or alert and of its findings, oldest first."""
    rule = Q(finding__in=subject.findings.all())
    rule |= Q(case=subject) if isinstance(subject, Case) else Q(alert=subject)
    found = visible_evidence(user, EvidenceItem.objects.filter(rule))
    return list(found.select_related("captured_by").order_by("captured_at", "id"))


def file_path(item: EvidenceItem, f: EvidenceFile) -> str:
    return f"items/{item.pk}-v{item.version}/{f.role}.{suffix_for(f.mime_type)}"


def _item_entry(item: EvidenceItem, files: list[EvidenceFile]) -> dict[str, Any]:
    return {
        "id": item.pk,
        "version": item.version,
        "supersedes": item.supersedes_id,
        "title": item.title,
        "kind": item.kind,
        "tlp": item.tlp,
        "source_url": item.source_url,
        "original_name": item.original_name,
        "captured_at": _iso(item.captured_at),
        "captured_by": item.captured_by.get_username(),
        "sha256": item.sha256,
        "size": item.size,
        "mime_type": item.mime_type,
        "metadata": item.metadata,
        "files": [
            {"role": f.role, "path": file_path(item, f), "sha256": f.sha256, "size": f.size,
             "mime_type": f.mime_type}
            for f in files
        ],
    }  # fmt: skip


def _custody(ids: list[int], export: AuditEntry) -> list[dict[str, Any]]:
    entries = AuditEntry.objects.filter(
        Q(object_type="evidenceitem", object_id__in=[str(i) for i in ids]) | Q(pk=export.pk)
    )
    return [
        {"at": e.at.isoformat(), "actor_id": e.actor_id, "actor": e.actor_name,
         "action": e.action, "object_type": e.object_type, "object_id": e.object_id,
         "summary": e.summary, "details": e.details, "prev_hash": e.prev_hash, "hash": e.hash}
        for e in entries.order_by("id")
    ]  # fmt: skip


def _subject(case: Case | None, alert: Alert | None) -> Case | Alert:
    if case is not None and alert is None:
        return case
    if alert is not None and case is None:
        return alert
    raise BadInput("a package is built for exactly one case or alert")


def build_package(
    user: User, case: Case | None = None, alert: Alert | None = None, out: Path | None = None
) -> Path:
    """Write the package zip to ``out`` (default: a new temporary file) and return its path."""
    subject = _subject(case, alert)
    kind = type(subject).__name__.lower()
    if not can_see(user, subject):
        raise NotFound(f"no {kind} {subject.pk}")
    items = package_items(user, subject)
    files = {i.pk: list(EvidenceFile.objects.filter(item=i).order_by("role")) for i in items}
    for f in (f for fs in files.values() for f in fs):
        store.verify(f.path, f.sha256, f.size)
    manifest = _json({
        "format": FORMAT, "created_at": _iso(timezone.now()), "created_by": user.get_username(),
        "subject": {"type": kind, "id": subject.pk, "title": subject.title, "tlp": subject.tlp},
        "items": [_item_entry(i, files[i.pk]) for i in items],
    })  # fmt: skip
    digest = hashlib.sha256(manifest).hexdigest()
    ids = [i.pk for i in items]
    with transaction.atomic():
        export = record(
            user, "export", subject, "evidence package", {"items": ids, "sha256": digest}
        )
    target = out or Path(tempfile.mkstemp(prefix=f"cdnet-{kind}-{subject.pk}-", suffix=".zip")[1])
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", manifest)
        zf.writestr(
            "custody.json", _json({"manifest_sha256": digest, "entries": _custody(ids, export)})
        )
        for item in items:
            for f in files[item.pk]:
                with zf.open(file_path(item, f), "w") as dest:
                    for chunk in store.iter_file(f.path):
                        dest.write(chunk)
    return target


@dataclass
class VerifyReport:
    """What :func:`verify_package` found: each problem as a sentence."""

    path: str
    items: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _digest(zf: zipfile.ZipFile, name: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with zf.open(name) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _check_file(zf: zipfile.ZipFile, entry: dict[str, Any], report: VerifyReport) -> None:
    name = str(entry.get("path", ""))
    try:
        sha, size = _digest(zf, name)
    except KeyError:
        report.problems.append(f"{name} is listed in the manifest but missing from the package.")
        return
    except (zipfile.BadZipFile, zlib.error, OSError) as exc:
        report.problems.append(f"{name} is damaged: its bytes cannot be read back ({exc}).")
        return
    if size != entry.get("size"):
        report.problems.append(f"{name} has {size} bytes; the manifest says {entry.get('size')}.")
    if sha != entry.get("sha256"):
        report.problems.append(f"{name} does not match its SHA-256 in the manifest.")


def _check_custody(zf: zipfile.ZipFile, manifest: bytes, report: VerifyReport) -> None:
    try:
        custody = json.loads(zf.read("custody.json"))
    except (KeyError, ValueError, zipfile.BadZipFile, zlib.error) as exc:
        report.problems.append(f"custody.json is missing or unreadable ({exc}).")
        return
    if custody.get("manifest_sha256") != hashlib.sha256(manifest).hexdigest():
        report.problems.append("manifest.json does not match the SHA-256 recorded in custody.json.")
    for e in custody.get("entries", []):
        again = entry_hash(
            e.get("prev_hash", ""), e.get("at", ""), e.get("actor_id"), e.get("actor", ""),
            e.get("action", ""), e.get("object_type", ""), e.get("object_id", ""),
            e.get("summary", ""), e.get("details"),
        )  # fmt: skip
        if again != e.get("hash"):
            report.problems.append(f"custody entry {str(e.get('hash', '?'))[:12]} was altered.")


def _check_item(item: dict[str, Any], report: VerifyReport) -> None:
    primary = [f for f in item.get("files", []) if f.get("role") == "primary"]
    if not primary or primary[0].get("sha256") != item.get("sha256"):
        report.problems.append(
            f"item {item.get('id')} v{item.get('version')}: its SHA-256 is not its primary file's."
        )


def verify_package(path: Path | str) -> VerifyReport:
    """Re-check every file of a package against its manifest; no database needed."""
    report = VerifyReport(str(path))
    try:
        with zipfile.ZipFile(path) as zf:
            try:
                raw = zf.read("manifest.json")
                manifest = json.loads(raw)
            except (KeyError, ValueError, zipfile.BadZipFile, zlib.error) as exc:
                report.problems.append(f"manifest.json is missing or unreadable ({exc}).")
                return report
            _check_custody(zf, raw, report)
            listed = set(FIXED)
            for item in manifest.get("items", []):
                report.items += 1
                _check_item(item, report)
                for entry in item.get("files", []):
                    report.files += 1
                    listed.add(str(entry.get("path", "")))
                    _check_file(zf, entry, report)
            for name in sorted(set(zf.namelist()) - listed):
                report.problems.append(f"{name} is in the package but not in the manifest.")
    except (zipfile.BadZipFile, OSError) as exc:
        report.problems.append(f"{path} is not a readable zip file ({exc}).")
    return report
