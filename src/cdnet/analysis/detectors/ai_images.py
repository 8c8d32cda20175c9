"""``ai-images``: how each image was made, by its own provenance metadata -- never a guess.

The cascade (:mod:`cdnet.analysis.images`) reads, offline, C2PA manifests (c2pa-python, remote
manifests never fetched), IPTC DigitalSourceType in the XMP packet, EXIF and PNG text chunks,
and decides ``ai-generated``, ``ai-edited``, ``camera`` or ``unknown`` (no deciding signal).
``labelled`` comes from the post's ``ai_label`` or an AI label in its caption; ``unlabelled``
is true when the verdict is AI and the post carries no label. One finding per image.

The files are read inside an Arrow-batch kernel, so the same code runs on DuckDB and on Spark
(local mode, or a cluster whose executors see the same file system). A relative ``path`` is
looked up under the row's ``source_folder`` (written when a folder of images is turned into a
table), then ``--root``, then the folder of each images table file. See
docs/detectors/ai-images.md.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
from pydantic import Field

from cdnet.analysis.detectors.base import DetectorConfig, Finding, Tables
from cdnet.analysis.images import AI_VERDICTS, SOURCE_FOLDER, inspect_image, labelled

NAME = "ai-images"
DESCRIPTION = "Images whose provenance metadata says AI-generated or AI-edited, and unlabelled."
TABLES = ("images",)

_DISARM_AI = ["T0086.002"]  # Develop AI-Generated Images (Deepfakes)
_INPUT = {
    "image_id": pa.string(),
    "path": pa.string(),
    SOURCE_FOLDER: pa.string(),
    "text": pa.string(),
    "ai_label": pa.bool_(),
}
READOUT_SCHEMA = pa.schema(
    [
        ("image_id", pa.string()),
        ("path", pa.string()),
        ("verdict", pa.string()),
        ("score", pa.float64()),
        ("signals", pa.string()),  # JSON list of {source, value}: plain strings cross engines
        ("decided_by", pa.string()),
        ("labelled", pa.bool_()),
        ("readable", pa.bool_()),
    ]
)


class Config(DetectorConfig):
    """Options of ``ai-images`` (each is also ``--option`` on the command line)."""

    root: Path | None = Field(
        None,
        description="Folder the images table's relative paths start from, when the table was "
        "ingested away from its images; default: the row's source_folder, else the folder "
        "of the images table.",
    )


class AiImageFinding(Finding):
    """One image: the verdict its metadata supports, the signals read, and its labelling."""

    image_id: str = Field(description="The image.")
    path: str = Field(description="The image's path as given in the table.")
    verdict: str = Field(description="ai-generated, ai-edited, camera or unknown.")
    signals: list[dict[str, str]] = Field(description="Every provenance signal read.")
    labelled: bool | None = Field(description="The post labels it as AI (null: nothing to read).")
    unlabelled: bool = Field(description="The verdict is AI and the post carries no AI label.")


def resolve(path: str, source_folder: str | None, roots: Sequence[str]) -> Path:
    """The file ``path`` names: absolute as is, else the first of the folders holding it."""
    given = Path(path)
    if given.is_absolute():
        return given
    folders = [f for f in (source_folder, *roots) if f]
    for folder in folders:
        candidate = Path(folder) / given
        if candidate.is_file():
            return candidate
    return Path(folders[0]) / given if folders else given


def readout_kernel(batch: pa.RecordBatch, roots: Sequence[str]) -> pa.RecordBatch:
    """Arrow-batch kernel: image rows -> their readout (files are read here, on the worker)."""
    rows = batch.to_pylist()
    out: dict[str, list[Any]] = {name: [] for name in READOUT_SCHEMA.names}
    for row in rows:
        readout = inspect_image(resolve(row["path"] or "", row[SOURCE_FOLDER], roots))
        decided = readout.decided_by
        out["image_id"].append(row["image_id"])
        out["path"].append(row["path"])
        out["verdict"].append(readout.verdict)
        out["score"].append(readout.score)
        out["signals"].append(json.dumps([s.record() for s in readout.signals]))
        out["decided_by"].append(f"{decided.source}: {decided.value}" if decided else None)
        out["labelled"].append(labelled(row["ai_label"], row["text"]))
        out["readable"].append(readout.readable)
    return pa.RecordBatch.from_pydict(out, schema=READOUT_SCHEMA)


def _explain(row: dict[str, Any]) -> str:
    image = f"Image {row['image_id']}"
    if not row["readable"]:
        return f"{image} could not be read at {row['path']}, so its verdict is unknown."
    verdict = row["verdict"]
    if verdict == "unknown":
        return (
            f"{image} carries no provenance signal that says how it was made "
            f"({len(row['signals'])} signals read), so its verdict is unknown, not a guess."
        )
    made = {"ai-generated": "AI-generated", "ai-edited": "AI-edited"}.get(verdict)
    if made is None:
        return f"{image} carries camera provenance ({row['decided_by']}) and no sign of AI."
    label = {
        True: "its post labels it as AI",
        False: "its post carries no AI label",
        None: "whether its post labels it as AI is unknown",
    }[row["labelled"]]
    return f"{image} is {made} by its own metadata ({row['decided_by']}), and {label}."


def _finding(row: dict[str, Any]) -> AiImageFinding:
    row = {**row, "signals": json.loads(row["signals"])}
    is_ai = row["verdict"] in AI_VERDICTS
    return AiImageFinding(
        detector=NAME,
        score=row["score"],
        explanation=_explain(row),
        disarm=list(_DISARM_AI) if is_ai else [],
        image_id=row["image_id"],
        path=row["path"],
        verdict=row["verdict"],
        signals=row["signals"],
        labelled=row["labelled"],
        unlabelled=is_ai and row["labelled"] is False,
    )


def run(tables: Tables, config: Config) -> Iterator[AiImageFinding]:
    """One finding per image: unlabelled AI images first, then by score and image id."""
    if "images" not in tables:
        return
    roots = [str(config.root.resolve())] if config.root else []
    roots += [str(p.resolve().parent) for p in tables.paths["images"]]
    images = tables.table("images", _INPUT)
    kernel = functools.partial(readout_kernel, roots=roots)
    readouts = tables.engine.apply(images, kernel, READOUT_SCHEMA, "image_readouts")
    found = [
        _finding(row)
        for batch in tables.engine.batches(readouts.order_by("image_id"))
        for row in batch.to_pylist()
    ]
    yield from sorted(found, key=lambda f: (not f.unlabelled, -f.score, f.image_id))
