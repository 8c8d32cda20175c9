"""Create evidence: capture a URL, upload a file, correct an item with a new version.

There is no edit and no delete here on purpose: an item and its files never change once written.
A correction is a new item (``version = old.version + 1``) that supersedes the old one, which stays
as it was. Every create writes an audit entry in the same transaction as the rows; the files are
written (content-addressed) before the rows and removed again if the transaction fails.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from cdnet.audit.log import record
from cdnet.cases.models import Alert, Case, Finding, Tlp
from cdnet.cases.visibility import can_see
from cdnet.errors import BadInput, InvalidTransition, NotAllowed, NotFound
from cdnet.evidence import screenshot, sniff, store
from cdnet.evidence.fetch import fetch
from cdnet.evidence.models import EvidenceFile, EvidenceItem, EvidenceKind, FileRole
from cdnet.evidence.ssrf import Guard
from cdnet.evidence.text import decode, html_to_text
from cdnet.evidence.visibility import can_see_evidence
from cdnet.evidence.warc import write_warc
from cdnet.network.services import role_of

Parent = Finding | Case | Alert
UPLOAD_CHUNK = 1 << 20
TEXT_LIMIT = 1_000_000
HTML_TYPES = ("text/html", "application/xhtml+xml")


class Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


@dataclass
class Draft:
    """What a new item will hold, before it is saved."""

    kind: str
    title: str
    mime_type: str
    primary: store.Stored
    source_url: str = ""
    original_name: str = ""
    extracted_text: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    extra: list[tuple[str, store.Stored, str]] = field(default_factory=list)
    captured_at: datetime = field(default_factory=timezone.now)

    @property
    def blobs(self) -> list[store.Stored]:
        return [self.primary, *(blob for _, blob, _ in self.extra)]


def pick_parent(
    finding: Finding | None = None, case: Case | None = None, alert: Alert | None = None
) -> Parent:
    """The one record the evidence documents; exactly one must be given."""
    given = [p for p in (finding, case, alert) if p is not None]
    if len(given) != 1:
        raise BadInput("attach evidence to exactly one finding, case or alert", field="target")
    return given[0]


TARGETS: dict[str, type[Finding] | type[Case] | type[Alert]] = {
    "finding": Finding,
    "case": Case,
    "alert": Alert,
}


def find_parent(user: User, kind: str, pk: int | str | None) -> dict[str, Parent]:
    """``{kind: record}`` for a visible finding, case or alert; NotFound when hidden or missing."""
    model = TARGETS.get(kind)
    if model is None:
        raise BadInput("the target must be a finding, a case or an alert", field="target_kind")
    try:
        parent = model._default_manager.get(pk=int(pk or 0))
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"no {kind} {pk}") from None
    if not can_see(user, parent):
        raise NotFound(f"no {kind} {pk}")
    return {kind: parent}


def parent_of(item: EvidenceItem) -> Parent:
    parent = item.finding or item.case or item.alert
    assert parent is not None  # noqa: S101 - services never create an orphan
    return parent


def _check_parent(user: User, parent: Parent) -> None:
    if role_of(user) is None:
        raise NotAllowed("only members of the network may add evidence")
    if not can_see(user, parent):
        kind = type(parent).__name__.lower()
        raise NotAllowed(
            f"you may not add evidence to {kind} {parent.pk}: it is not visible to you"
        )


def _tlp(tlp: str | None, parent: Parent) -> str:
    value = tlp or parent.tlp
    if value not in Tlp.values:
        raise BadInput(f"TLP must be one of {', '.join(Tlp.values)}", field="tlp")
    return value


def _discard(blobs: Iterable[store.Stored]) -> None:
    """Remove files this attempt created unless another item refers to them."""
    store.discard(b for b in blobs if not EvidenceFile.objects.filter(path=b.path).exists())


def _save(
    user: User, parent: Parent, draft: Draft, tlp: str, supersedes: EvidenceItem | None = None
) -> EvidenceItem:
    try:
        with transaction.atomic():
            item = EvidenceItem.objects.create(
                kind=draft.kind, title=draft.title[:300], source_url=draft.source_url,
                original_name=draft.original_name[:300], sha256=draft.primary.sha256,
                size=draft.primary.size, mime_type=draft.mime_type[:120],
                captured_at=draft.captured_at, captured_by=user,
                extracted_text=draft.extracted_text, metadata=draft.metadata, tlp=tlp,
                supersedes=supersedes, version=supersedes.version + 1 if supersedes else 1,
                **{type(parent).__name__.lower(): parent},
            )  # fmt: skip
            files = [(FileRole.PRIMARY.value, draft.primary, draft.mime_type), *draft.extra]
            for role, blob, mime in files:
                EvidenceFile.objects.create(
                    item=item, role=role, path=blob.path, sha256=blob.sha256,
                    size=blob.size, mime_type=mime[:120],
                )  # fmt: skip
            record(user, "create", item, item.title, _audit_details(item, parent, files))
    except IntegrityError as exc:
        _discard(draft.blobs)
        if supersedes is not None:
            raise InvalidTransition(f"evidence {supersedes.pk} was corrected already") from exc
        raise
    except BaseException:
        _discard(draft.blobs)
        raise
    return item


def _audit_details(
    item: EvidenceItem, parent: Parent, files: list[tuple[str, store.Stored, str]]
) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "parent": f"{type(parent).__name__.lower()}:{parent.pk}",
        "sha256": item.sha256,
        "size": item.size,
        "mime_type": item.mime_type,
        "source_url": item.source_url,
        "tlp": item.tlp,
        "version": item.version,
        "supersedes": item.supersedes_id,
        "files": {role: blob.sha256 for role, blob, _ in files},
    }


def _capture_draft(url: str, guard: Guard | None) -> Draft:
    capture = fetch(url, guard)
    page = capture.final
    content_type = page.header("Content-Type")
    mime = content_type.split(";")[0].strip().lower() or "application/octet-stream"
    title, text = "", ""
    if mime in HTML_TYPES:
        title, text = html_to_text(decode(page.body, content_type))
    elif mime.startswith("text/"):
        text = decode(page.body, content_type)[:TEXT_LIMIT]
    shot = screenshot.take(page.body, content_type)
    blobs = [store.put(page.body)]
    try:
        extra = [(FileRole.WARC.value, store.put(write_warc(capture)), "application/warc")]
        blobs.append(extra[0][1])
        if text:
            extra.append((FileRole.TEXT.value, store.put(text.encode()), "text/plain"))
            blobs.append(extra[-1][1])
        if shot.png:
            extra.append((FileRole.SCREENSHOT.value, store.put(shot.png), "image/png"))
    except BaseException:
        _discard(blobs)
        raise
    metadata = {
        "status": page.status,
        "reason": page.reason,
        "final_url": page.url,
        "address": page.address,
        "headers": [[k, v] for k, v in page.headers],
        "redirects": [{"url": h.url, "status": h.status, "location": h.header("Location")}
                      for h in capture.hops[:-1]],
        "screenshot": shot.note,
    }  # fmt: skip
    return Draft(
        EvidenceKind.URL_CAPTURE, title or url, mime, blobs[0], source_url=url,
        extracted_text=text, metadata=metadata, extra=extra,
        captured_at=datetime.fromtimestamp(capture.started, tz=UTC),
    )  # fmt: skip


def capture_url(
    user: User,
    url: str,
    *,
    finding: Finding | None = None,
    case: Case | None = None,
    alert: Alert | None = None,
    title: str = "",
    tlp: str | None = None,
    guard: Guard | None = None,
    supersedes: EvidenceItem | None = None,
) -> EvidenceItem:
    """Fetch ``url`` (SSRF-guarded) and keep the body, a WARC, its text and a screenshot."""
    parent = pick_parent(finding, case, alert)
    _check_parent(user, parent)
    level = _tlp(tlp, parent)
    if len(url) > 2000:
        raise BadInput("the URL is longer than 2000 characters", field="url")
    draft = _capture_draft(url, guard)
    draft.title = title.strip() or draft.title
    return _save(user, parent, draft, level, supersedes)


def _chunks(content: Iterable[bytes] | Readable | bytes) -> Iterator[bytes]:
    if isinstance(content, bytes):
        yield content
    elif hasattr(content, "chunks"):
        yield from content.chunks()
    elif hasattr(content, "read"):
        while chunk := content.read(UPLOAD_CHUNK):
            yield chunk
    else:
        yield from content


def _upload_text(mime: str, blob: store.Stored) -> str:
    if mime in ("text/plain", "text/csv"):
        return store.read(blob.path)[:TEXT_LIMIT].decode("utf-8", errors="ignore")
    if mime == "message/rfc822":
        message = email.message_from_bytes(store.read(blob.path), policy=email.policy.default)
        heads = "\n".join(f"{k}: {message.get(k, '')}" for k in ("From", "To", "Date", "Subject"))
        body = message.get_body(preferencelist=("plain",))
        return f"{heads}\n\n{body.get_content() if body else ''}"[:TEXT_LIMIT]
    return ""


def _upload_draft(name: str, content: Iterable[bytes] | Readable | bytes) -> Draft:
    limit = int(getattr(settings, "EVIDENCE_MAX_UPLOAD_BYTES", 50 << 20))
    blob = store.put_chunks(_chunks(content), limit)
    try:
        if blob.size == 0:
            raise BadInput("the file is empty", file=name, field="file")
        head = store.head(blob.path, 4096)
        mime = sniff.sniff(name, head, store.iter_file(blob.path))
        text = _upload_text(mime, blob)
    except BaseException:
        _discard([blob])
        raise
    return Draft(
        EvidenceKind.UPLOAD, name, mime, blob, original_name=name, extracted_text=text,
        metadata={"sniffed_type": mime},
    )  # fmt: skip


def upload(
    user: User,
    name: str,
    content: Iterable[bytes] | Readable | bytes,
    *,
    finding: Finding | None = None,
    case: Case | None = None,
    alert: Alert | None = None,
    title: str = "",
    tlp: str | None = None,
    supersedes: EvidenceItem | None = None,
) -> EvidenceItem:
    """Keep an uploaded file, after checking its size and its type (by content, see sniff.py)."""
    parent = pick_parent(finding, case, alert)
    _check_parent(user, parent)
    level = _tlp(tlp, parent)
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "upload"
    draft = _upload_draft(name, content)
    draft.title = title.strip() or name
    return _save(user, parent, draft, level, supersedes)


def correct(
    user: User,
    item: EvidenceItem,
    *,
    url: str | None = None,
    name: str | None = None,
    content: Iterable[bytes] | Readable | bytes | None = None,
    title: str = "",
    tlp: str | None = None,
    guard: Guard | None = None,
) -> EvidenceItem:
    """A new version of ``item`` from a new capture (``url``) or file; ``item`` stays as it is."""
    if not can_see_evidence(user, item):
        raise NotFound(f"no evidence item {item.pk}")
    if EvidenceItem.objects.filter(supersedes=item).exists():
        raise InvalidTransition(f"evidence {item.pk} was corrected already: correct the newest")
    if (url is None) == (content is None):
        raise BadInput("a correction needs either a URL to capture or a file", field="content")
    parent = parent_of(item)
    kw: dict[str, Any] = {type(parent).__name__.lower(): parent}
    title, tlp = title or item.title, tlp or item.tlp
    if url is not None:
        return capture_url(user, url, title=title, tlp=tlp, guard=guard, supersedes=item, **kw)
    assert content is not None  # noqa: S101 - checked above
    upload_name = name or item.original_name or "correction"
    return upload(user, upload_name, content, title=title, tlp=tlp, supersedes=item, **kw)
