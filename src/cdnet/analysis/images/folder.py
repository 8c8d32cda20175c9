"""An images table built from a folder of image files (``cdnet detect ai-images FOLDER``).

Each image file under the folder (recursively, hidden files skipped) becomes a row:
``image_id`` and ``path`` are its path relative to the folder (POSIX separators), and
``source_folder`` is the folder's absolute path, so the detector can find the file wherever the
table itself is written. No post columns: ``labelled`` is then null.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cdnet.analysis.ingest import expand_paths
from cdnet.analysis.schema import get_table
from cdnet.errors import BadInput

IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic", ".heif", ".avif", ".gif"}
)
#: The extra images column naming the folder ``path`` is relative to (kept by ingest as an
#: unknown column; absent means "the folder of the table's file").
SOURCE_FOLDER = "source_folder"


def image_files(folder: Path) -> list[Path]:
    """The image files under ``folder``, sorted."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in IMAGE_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def is_image_folder(path: Path) -> bool:
    """A folder of images: image files in or below it, and no table file directly inside."""
    if not path.is_dir() or not image_files(path):
        return False
    try:
        expand_paths([path])
    except BadInput:  # "the folders hold none": nothing ingest would read
        return True
    return False


def split_image_folders(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """``paths`` split into folders of images and everything else (tables, exports)."""
    folders: list[Path] = []
    others: list[Path] = []
    for path in paths:
        (folders if is_image_folder(path) else others).append(path)
    return folders, others


def images_table(folders: Iterable[Path], out_dir: Path) -> Path:
    """Write ``out_dir/images.parquet`` listing the images of ``folders``; return its path."""
    rows: dict[str, list[str]] = {"image_id": [], "path": [], SOURCE_FOLDER: []}
    for folder in folders:
        root = folder.resolve()
        for file in image_files(root):
            relative = file.relative_to(root).as_posix()
            rows["image_id"].append(relative)
            rows["path"].append(relative)
            rows[SOURCE_FOLDER].append(str(root))
    if not rows["image_id"]:
        raise BadInput("no image files found", file=", ".join(str(f) for f in folders))
    spec = get_table("images")
    columns = {c.name: pa.nulls(len(rows["image_id"]), c.type) for c in spec.schema}
    columns.update({k: pa.array(v, pa.string()) for k, v in rows.items()})
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / "images.parquet"
    pq.write_table(pa.table(columns), out)
    return out
