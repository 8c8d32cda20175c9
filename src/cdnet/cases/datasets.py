"""Datasets in the app: an uploaded or bundled file ingested into canonical Parquet tables."""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from cdnet.analysis.ingest import ingest
from cdnet.cases.models import Dataset
from cdnet.errors import BadInput, NotFound


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def store_upload(name: str, chunks: Iterable[bytes], max_bytes: int) -> Path:
    """Stream an upload to a fresh folder under the data directory; refuse it past max_bytes."""
    safe = Path(name).name or "upload"
    folder = Path(settings.DATASETS_ROOT) / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    target, size = folder / safe, 0
    with target.open("wb") as handle:
        for chunk in chunks:
            size += len(chunk)
            if size > max_bytes:
                handle.close()
                shutil.rmtree(folder)
                raise BadInput(f"the file is larger than {max_bytes // (1 << 20)} MB", file=safe)
            handle.write(chunk)
    return target


def register_dataset(source: Path, name: str, user: User | None) -> Dataset:
    """Ingest a file into its own folder of Parquet tables and register it; all or nothing."""
    out_dir = Path(settings.DATASETS_ROOT) / uuid.uuid4().hex
    summary = ingest([source], out_dir)
    try:
        with transaction.atomic():
            return Dataset.objects.create(
                name=name or source.name,
                path=str(out_dir),
                source=source.name,
                sha256=sha256_of(source),
                rows=summary.rows_written,
                uploaded_by=user,
            )
    except Exception:
        shutil.rmtree(out_dir, ignore_errors=True)
        raise


def tables_of(dataset: Dataset) -> dict[str, Path]:
    """The canonical tables of a dataset, by name."""
    folder = Path(dataset.path)
    if not folder.is_dir():
        raise NotFound(f"the files of dataset {dataset.pk} are gone from {folder}")
    return {p.stem: p for p in sorted(folder.glob("*.parquet"))}
