"""Datasets in the app: an uploaded or bundled file ingested into canonical Parquet tables.

The life of a dataset, and what each step leaves behind when it fails:

1. **Upload** (:class:`UploadSink`): the bytes are streamed to ``DATASETS_ROOT/uploads/<id>/``
   and hashed (SHA-256) as they arrive; past the size limit the folder is removed and
   :class:`UploadTooLarge` is raised. The raw upload is removed once it is ingested, whether
   ingest worked or not (:func:`ingest_upload`): the dataset is its Parquet tables.
2. **Register** (:func:`register_dataset`): ingest into ``DATASETS_ROOT/<id>/``, compute the
   column statistics, then create the row (with its provenance) and its audit entry in one
   transaction. Bad input raises ``BadInput`` naming the uploaded file, row and field; nothing is
   registered and the folder is removed.
3. **Delete** (:func:`delete_dataset`): the database changes first, in one transaction (the row
   becomes a tombstone, every finding derived from it is marked, an audit entry is written); the
   folder is removed after that transaction commits. A crash in between leaves a folder no live
   dataset uses, which :func:`prune_datasets` removes.

Who may do what: every member of the network may list, read and upload datasets; a dataset may
be deleted by a member of the organisation that uploaded it, or by a coordinator or admin.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import time
import uuid
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cdnet.analysis.ingest import IngestSummary, ingest, table_names
from cdnet.analysis.ingest.formats import FORMATS
from cdnet.audit.log import record as audit
from cdnet.cases.dataset_stats import table_stats
from cdnet.cases.models import Dataset, Finding
from cdnet.errors import BadInput, InvalidTransition, NotAllowed, NotFound
from cdnet.network.models import Role
from cdnet.network.services import organisation_of, role_of

#: Roles that may delete any dataset (others only their organisation's).
MANAGER_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})
ON_ERROR_CHOICES = ("stop", "skip")
_FOLDER_NAME = re.compile(r"^[0-9a-f]{32}$")


class UploadTooLarge(BadInput):
    """An upload went past ``CDNET_MAX_UPLOAD_MB`` while it was being received."""

    http_status = 413


def datasets_root() -> Path:
    return Path(settings.DATASETS_ROOT)


def uploads_root() -> Path:
    return datasets_root() / "uploads"


def max_upload_bytes() -> int:
    """The size limit of one dataset upload, from ``CDNET_MAX_UPLOAD_MB``."""
    return int(settings.CDNET_MAX_UPLOAD_MB) << 20


def format_choices() -> list[str]:
    """What the format field of an upload accepts: auto, a table, or an export format."""
    return ["auto", *table_names(), *FORMATS]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _safe_name(name: str) -> str:
    """The last component of a client-supplied file name, never empty, ``.`` or ``..``."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = "".join(ch for ch in base if ch.isprintable())[:200]
    return base if base not in ("", ".", "..") else "upload"


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):.0f} MB" if size >= 1 << 20 else f"{size:,} bytes"


@dataclass(frozen=True)
class StoredUpload:
    """An upload on disk: where, under which (client-given) name, how big, its SHA-256."""

    path: Path
    name: str
    size: int
    sha256: str

    def discard(self) -> None:
        shutil.rmtree(self.path.parent, ignore_errors=True)


class UploadSink:
    """Receives an upload chunk by chunk into a fresh folder, hashing it; refuses it past a limit.

    Used by the web upload handler and by :func:`store_upload`, so both enforce the limit the
    same way: while streaming, never after the whole file has arrived.
    """

    def __init__(self, name: str, max_bytes: int) -> None:
        self.name = _safe_name(name)
        self.max_bytes = max_bytes
        self.folder = uploads_root() / uuid.uuid4().hex
        self.folder.mkdir(parents=True)
        self.path = self.folder / self.name
        self.size = 0
        self._digest = hashlib.sha256()
        self._handle: IO[bytes] | None = self.path.open("wb")

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.max_bytes:
            self.discard()
            raise UploadTooLarge(
                f"the file is larger than the upload limit of {_megabytes(self.max_bytes)} "
                "(CDNET_MAX_UPLOAD_MB); nothing was stored",
                file=self.name,
            )
        assert self._handle is not None  # noqa: S101 - discard() above is the only closer
        self._digest.update(chunk)
        self._handle.write(chunk)

    def finish(self) -> StoredUpload:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        return StoredUpload(self.path, self.name, self.size, self._digest.hexdigest())

    def discard(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        shutil.rmtree(self.folder, ignore_errors=True)


def store_upload(name: str, chunks: Any, max_bytes: int) -> StoredUpload:
    """Stream ``chunks`` (an iterable of bytes) to disk; refuse the upload past ``max_bytes``."""
    sink = UploadSink(name, max_bytes)
    try:
        for chunk in chunks:
            sink.write(chunk)
    except BaseException:
        sink.discard()
        raise
    return sink.finish()


def _as_uploaded(exc: BadInput, source: Path, shown: str) -> BadInput:
    """The same error, naming the file as the user knows it rather than its path on the server."""
    file = exc.file
    if file is not None and (file == str(source) or Path(file).name == source.name):
        file = shown
    return BadInput(exc.reason.replace(str(source), shown), file=file, row=exc.row, field=exc.field)


def _check_options(fmt: str, on_error: str) -> None:
    if fmt not in format_choices():
        known = ", ".join(format_choices())
        raise BadInput(f"unknown format {fmt!r}; expected one of: {known}", field="format")
    if on_error not in ON_ERROR_CHOICES:
        raise BadInput("on_error is stop or skip", field="on_error")


def _ingest(source: Path, out_dir: Path, fmt: str, on_error: str, shown: str) -> IngestSummary:
    try:
        return ingest([source], out_dir, on_error="skip" if on_error == "skip" else "stop", fmt=fmt)
    except BadInput as exc:
        raise _as_uploaded(exc, source, shown) from None


def register_dataset(
    source: Path,
    name: str,
    user: User | None,
    *,
    fmt: str = "auto",
    on_error: str = "stop",
    shown_as: str | None = None,
    sha256: str | None = None,
) -> Dataset:
    """Ingest a file into its own folder of Parquet tables and register it; all or nothing.

    ``shown_as`` is the file's name as the uploader knows it (errors and provenance use it);
    ``sha256`` saves hashing the file again when the upload already did.
    """
    _check_options(fmt, on_error)
    shown = shown_as or source.name
    out_dir = datasets_root() / uuid.uuid4().hex
    summary = _ingest(source, out_dir, fmt, on_error, shown)
    try:
        stats = {t: table_stats(entry.path) for t, entry in summary.tables.items()}
        with transaction.atomic():
            dataset = Dataset.objects.create(
                name=(name.strip() or shown)[:200],
                path=str(out_dir),
                format=fmt,
                on_error=on_error,
                stats=stats,
                **_provenance(source, shown, sha256, summary, user),
            )
            audit(user, "create", dataset, f"dataset {dataset.name} from {shown}", _facts(dataset))
        return dataset
    except BaseException:
        shutil.rmtree(out_dir, ignore_errors=True)
        raise


def manifest_sha256(sources: list[Path]) -> str:
    """SHA-256 of one file; of several, the SHA-256 of their sorted ``sha256  name`` lines."""
    if len(sources) == 1:
        return sha256_of(sources[0])
    lines = sorted(f"{sha256_of(p)}  {p.name}\n" for p in sources)
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def register_ingested(
    out_dir: Path,
    name: str,
    sources: list[Path],
    summary: IngestSummary,
    user: User | None = None,
    *,
    fmt: str = "auto",
    on_error: str = "stop",
) -> Dataset:
    """Register tables ``cdnet ingest`` wrote to ``out_dir`` as a dataset; all or nothing.

    The Parquet files are copied under the data directory (the app owns its datasets: deleting
    one never touches the user's folder). Provenance: the input files (names, total size, a
    SHA-256 manifest), the rows and warnings of the ingest, and the user named with ``--user``.
    """
    if not summary.tables:
        raise BadInput("nothing was ingested, so there is no dataset to register")
    target = datasets_root() / uuid.uuid4().hex
    files = [p for p in sources if p.is_file()]
    try:
        target.mkdir(parents=True)
        for table, entry in summary.tables.items():
            shutil.copyfile(entry.path, target / f"{table}.parquet")
        stats = {t: table_stats(target / f"{t}.parquet") for t in summary.tables}
        with transaction.atomic():
            dataset = Dataset.objects.create(
                name=name.strip()[:200] or out_dir.name,
                path=str(target),
                format=fmt,
                on_error=on_error,
                stats=stats,
                source=", ".join(p.name for p in sources)[:500],
                sha256=manifest_sha256(files) if files else "",
                size=sum(p.stat().st_size for p in files),
                rows=summary.rows_written,
                rows_skipped=summary.rows_skipped,
                table_rows={t: e.rows_written for t, e in summary.tables.items()},
                warnings=list(summary.warnings),
                uploaded_by=user,
                organisation=organisation_of(user) if user else None,
            )
            audit(
                user,
                "create",
                dataset,
                f"dataset {dataset.name} from cdnet ingest",
                _facts(dataset),
            )
        return dataset
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise


def _provenance(
    source: Path, shown: str, sha256: str | None, summary: IngestSummary, user: User | None
) -> dict[str, Any]:
    """Where the rows came from, who brought them, and what ingest made of them."""
    is_file = source.is_file()
    return {
        "source": shown[:500],
        "sha256": sha256 or (sha256_of(source) if is_file else ""),
        "size": source.stat().st_size if is_file else 0,
        "rows": summary.rows_written,
        "rows_skipped": summary.rows_skipped,
        "table_rows": {t: e.rows_written for t, e in summary.tables.items()},
        "warnings": [w.replace(str(source), shown) for w in summary.warnings],
        "uploaded_by": user,
        "organisation": organisation_of(user) if user else None,
    }


def _facts(dataset: Dataset) -> dict[str, Any]:
    return {
        "source": dataset.source,
        "sha256": dataset.sha256,
        "format": dataset.format,
        "on_error": dataset.on_error,
        "tables": dataset.table_rows,
        "rows_skipped": dataset.rows_skipped,
    }


def ingest_upload(
    upload: StoredUpload, name: str, user: User | None, fmt: str = "auto", on_error: str = "stop"
) -> Dataset:
    """Register an upload as a dataset; the raw upload is removed afterwards, whatever happens."""
    try:
        return register_dataset(
            upload.path,
            name,
            user,
            fmt=fmt,
            on_error=on_error,
            shown_as=upload.name,
            sha256=upload.sha256,
        )
    finally:
        upload.discard()


def visible_datasets(user: User | AnonymousUser) -> QuerySet[Dataset]:
    """Every dataset, tombstones included, for members of the network; nothing for others."""
    if role_of(user) is None:
        return Dataset.objects.none()
    return Dataset.objects.select_related("uploaded_by", "organisation", "deleted_by")


def require_member(user: User | AnonymousUser) -> None:
    if role_of(user) is None:
        raise NotAllowed("only members of the network may upload datasets")


def can_delete(user: User | AnonymousUser, dataset: Dataset) -> bool:
    """Coordinators and admins may delete any dataset; members, their organisation's."""
    role = role_of(user)
    if role is None:
        return False
    if role in MANAGER_ROLES:
        return True
    organisation = organisation_of(user)
    return organisation is not None and organisation.pk == dataset.organisation_id


def delete_dataset(dataset: Dataset, user: User) -> int:
    """Delete a dataset's files, keep its row as a tombstone, mark its findings; return how many.

    The database changes commit together first; the files are removed after the commit.
    """
    if not can_delete(user, dataset):
        raise NotAllowed(
            "a dataset may be deleted by its uploader's organisation or by a coordinator"
        )
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        if locked.deleted_at is not None:
            raise InvalidTransition(f"dataset {locked.pk} was already deleted")
        now = timezone.now()
        # The statistics quote the data (top values): they go with the files.
        locked.deleted_at, locked.deleted_by, locked.stats = now, user, {}
        locked.save(update_fields=["deleted_at", "deleted_by", "stats"])
        marked = Finding.objects.filter(dataset=locked, dataset_deleted_at__isnull=True).update(
            dataset_deleted_at=now
        )
        details = {"to": "deleted", "findings_marked": marked, **_facts(locked)}
        audit(user, "transition", locked, f"dataset {locked.name} deleted", details)
        transaction.on_commit(partial(_remove_folder, Path(locked.path)))
    dataset.refresh_from_db()
    return marked


def _remove_folder(folder: Path) -> None:
    if folder.parent == datasets_root() and _FOLDER_NAME.match(folder.name):
        shutil.rmtree(folder, ignore_errors=True)


def prune_datasets(min_age: dt.timedelta = dt.timedelta(hours=1)) -> list[Path]:
    """Remove what crashes left behind; return the folders removed.

    That is: folders of deleted datasets still on disk, table folders no dataset row names, and
    raw uploads. Folders younger than ``min_age`` are left alone: an upload may be in progress.
    """
    root, cutoff = datasets_root(), time.time() - min_age.total_seconds()
    if not root.is_dir():
        return []
    live = {
        Path(p)
        for p in Dataset.objects.filter(deleted_at__isnull=True).values_list("path", flat=True)
    }
    candidates = [p for p in root.iterdir() if p.is_dir() and _FOLDER_NAME.match(p.name)]
    if uploads_root().is_dir():
        candidates += [p for p in uploads_root().iterdir() if p.is_dir()]
    removed = []
    for folder in candidates:
        if folder not in live and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def stats_of(dataset: Dataset) -> dict[str, Any]:
    """Column statistics per table; computed and kept for datasets registered without them."""
    if dataset.is_deleted:
        return {}
    missing = {n: p for n, p in tables_of(dataset).items() if n not in dataset.stats}
    if missing:
        dataset.stats = {**dataset.stats, **{n: table_stats(p) for n, p in missing.items()}}
        dataset.save(update_fields=["stats"])
    return dict(dataset.stats)


def tables_of(dataset: Dataset) -> dict[str, Path]:
    """The canonical tables of a dataset, by name."""
    if dataset.deleted_at is not None:
        raise NotFound(f"dataset {dataset.pk} was deleted on {dataset.deleted_at:%Y-%m-%d %H:%M}")
    folder = Path(dataset.path)
    if not folder.is_dir():
        raise NotFound(f"the files of dataset {dataset.pk} are gone from {folder}")
    return {p.stem: p for p in sorted(folder.glob("*.parquet"))}
