"""Turn the inputs of ``cdnet detect`` into canonical Parquet tables.

Canonical Parquet files (as ``cdnet ingest`` writes them) are read where they are; everything
else (CSV, JSON Lines, other Parquet, ``.txt`` domain lists) is ingested -- and so validated --
into a working folder first.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow.parquet as pq

from cdnet.analysis.ingest import WarningCallback, expand_paths, ingest
from cdnet.analysis.ingest.readers import kind_of
from cdnet.analysis.schema import ALL_TABLES, TableSpec, detect_table
from cdnet.errors import BadInput


def canonical_table(path: Path) -> TableSpec | None:
    """The table a Parquet file already holds in canonical form, or None."""
    try:
        if kind_of(path) != "parquet":
            return None
    except BadInput:
        return None  # an export format, ingested like the other non-Parquet inputs
    try:
        schema = pq.read_schema(path)
    except (OSError, ValueError):
        return None
    spec = ALL_TABLES.get(path.name.removesuffix(".parquet")) or detect_table(schema.names)
    if spec is None or not set(spec.required) <= set(schema.names):
        return None
    for column in spec.schema:
        index = schema.get_field_index(column.name)
        if index >= 0 and not schema.field(index).type.equals(column.type):
            return None
    return spec


def prepare_tables(
    paths: Iterable[Path], workdir: Path, on_warning: WarningCallback | None = None
) -> dict[str, list[Path]]:
    """Map each table found in ``paths`` (files or folders) to canonical Parquet files."""
    from cdnet.analysis.images.folder import images_table, split_image_folders

    image_folders, others = split_image_folders(list(paths))
    tables: dict[str, list[Path]] = {}
    if image_folders:  # a folder of pictures stands for an images table listing them
        tables["images"] = [images_table(image_folders, workdir / "image-folders")]
    to_ingest: list[Path] = []
    for path in expand_paths(others) if others else []:
        spec = canonical_table(path) if path.is_file() else None
        if spec is None:
            to_ingest.append(path)
        else:
            tables.setdefault(spec.name, []).append(path)
    if to_ingest:
        summary = ingest(to_ingest, workdir, on_warning=on_warning)
        for name, entry in summary.tables.items():
            tables.setdefault(name, []).append(entry.path)
    return tables
