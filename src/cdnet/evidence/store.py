"""Content-addressed storage of evidence files under ``settings.EVIDENCE_ROOT``.

A file lives at ``<sha256[:2]>/<sha256>``; the same bytes are stored once. Writes go to a
temporary file in the same folder, are flushed to disk and renamed into place (atomic). Paths in
the database are relative to the root, so the store can move.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from cdnet.errors import BadInput, CdnetError

READ_CHUNK = 1 << 20


class StoreDamaged(CdnetError):
    """A stored evidence file is missing or no longer matches its SHA-256."""

    http_status = 500
    exit_code = 2


@dataclass(frozen=True)
class Stored:
    """Where a blob went: ``path`` relative to the root, its hash and size, whether it is new."""

    path: str
    sha256: str
    size: int
    created: bool


def root() -> Path:
    return Path(getattr(settings, "EVIDENCE_ROOT", Path(settings.MEDIA_ROOT) / "evidence"))


def relative_path(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256}"


def absolute(path: str) -> Path:
    """The file of a stored relative path; refuses anything outside the root."""
    base = root().resolve()
    full = (base / path).resolve()
    if base not in full.parents:
        raise BadInput(f"{path!r} is not inside the evidence store")
    return full


def put_chunks(chunks: Iterable[bytes], limit: int | None = None) -> Stored:
    """Store a stream; raises BadInput (and stores nothing) when it passes ``limit`` bytes."""
    base = root()
    base.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=base)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if limit is not None and size > limit:
                    raise BadInput(f"the file is larger than the limit of {limit} bytes")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        return _place(tmp, digest.hexdigest(), size)
    finally:
        tmp.unlink(missing_ok=True)


def _place(tmp: Path, sha256: str, size: int) -> Stored:
    path = relative_path(sha256)
    final = root() / path
    if final.is_file() and final.stat().st_size == size:
        return Stored(path, sha256, size, created=False)
    final.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(tmp, 0o444)
    os.replace(tmp, final)
    return Stored(path, sha256, size, created=True)


def put(data: bytes) -> Stored:
    """Store bytes."""
    return put_chunks([data])


def discard(stored: Iterable[Stored]) -> None:
    """Remove blobs that this attempt created (when its transaction failed)."""
    for blob in stored:
        if blob.created:
            (root() / blob.path).unlink(missing_ok=True)


def iter_file(path: str) -> Iterator[bytes]:
    with absolute(path).open("rb") as handle:
        while chunk := handle.read(READ_CHUNK):
            yield chunk


def head(path: str, size: int) -> bytes:
    """The first ``size`` bytes of a stored file."""
    with absolute(path).open("rb") as handle:
        return handle.read(size)


def read(path: str) -> bytes:
    return absolute(path).read_bytes()


def verify(path: str, sha256: str, size: int) -> None:
    """Raise StoreDamaged unless the stored file still has this hash and size."""
    full = absolute(path)
    if not full.is_file():
        raise StoreDamaged(f"the evidence file {path} is missing from the store")
    digest, count = hashlib.sha256(), 0
    for chunk in iter_file(path):
        digest.update(chunk)
        count += len(chunk)
    if count != size or digest.hexdigest() != sha256:
        raise StoreDamaged(f"the evidence file {path} no longer matches its SHA-256")
