"""``ai-images``: how each image was made, by its own provenance metadata -- never a guess.

The cascade (:mod:`cdnet.analysis.images`) reads, offline, C2PA manifests (c2pa-python, remote
manifests never fetched: their URL is evidence), IPTC DigitalSourceType in the XMP packet, IPTC
IIM generator fields, EXIF and PNG text chunks, and decides ``ai-generated``, ``ai-edited``,
``camera`` or ``unknown`` (no deciding signal). ``labelled`` comes from the post's ``ai_label``,
an AI label in its caption or in the file's own IPTC IIM caption, headline or keywords;
``unlabelled`` is true when the verdict is AI and the post carries no label. One finding per
image. Pixel-classifier plugins (``--classifiers``) are asked only when named, and only about
images the metadata leaves ``unknown``.

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
from cdnet.analysis.images.classifiers import check_names

NAME = "ai-images"
DESCRIPTION = "Images whose provenance metadata says AI-generated or AI-edited, and unlabelled."
TABLES = ("images",)

_REMOTE = "remote_manifest="  # the signal recording a remote manifest's URL
_DISARM_AI = ["T0086.002"]  # Develop AI-Generated Images (Deepfakes)
_INPUT = {
    "image_id": pa.string(),
    "path": pa.string(),
    SOURCE_FOLDER: pa.string(),
    "text": pa.string(),
    "ai_label": pa.bool_(),
    "post_id": pa.string(),
    "account_id": pa.string(),
    "account_name": pa.string(),
    "platform": pa.string(),
}
#: columns of the images table passed through to the finding: who posted the image, and where
POSTED = ("post_id", "account_id", "account_name", "platform")
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
        ("file_label", pa.string()),  # the IPTC IIM field that labels the file as AI, if any
        *((name, pa.string()) for name in POSTED),
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
    classifiers: list[str] = Field(
        default_factory=list,
        description="Extension, off by default: pixel-based classifier plugins (entry-point "
        "group cdnet.image_classifiers) to ask, by name, about images whose metadata decides "
        "nothing; their claim ranks below all metadata and scores 0.4. Default: none.",
    )


class AiImageFinding(Finding):
    """One image: the verdict its metadata supports, the signals read, and its labelling."""

    image_id: str = Field(description="The image.")
    path: str = Field(description="The image's path as given in the table.")
    verdict: str = Field(description="ai-generated, ai-edited, camera or unknown.")
    signals: list[dict[str, str]] = Field(description="Every provenance signal read.")
    labelled: bool | None = Field(description="The post labels it as AI (null: nothing to read).")
    unlabelled: bool = Field(description="The verdict is AI and the post carries no AI label.")
    post_id: str | None = Field(None, description="The post that carried it (images table).")
    account_id: str | None = Field(None, description="The account that posted it, if known.")
    account_name: str | None = Field(None, description="That account's name, if known.")
    platform: str | None = Field(None, description="The platform it was posted on, if known.")


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


def readout_kernel(
    batch: pa.RecordBatch, roots: Sequence[str], classifiers: Sequence[str] = ()
) -> pa.RecordBatch:
    """Arrow-batch kernel: image rows -> their readout (files are read here, on the worker)."""
    rows = batch.to_pylist()
    out: dict[str, list[Any]] = {name: [] for name in READOUT_SCHEMA.names}
    for row in rows:
        path = resolve(row["path"] or "", row[SOURCE_FOLDER], roots)
        readout = inspect_image(path, classifiers)
        decided = readout.decided_by
        out["image_id"].append(row["image_id"])
        out["path"].append(row["path"])
        out["verdict"].append(readout.verdict)
        out["score"].append(readout.score)
        out["signals"].append(json.dumps([s.record() for s in readout.signals]))
        out["decided_by"].append(f"{decided.source}: {decided.value}" if decided else None)
        in_file = readout.file_label
        out["labelled"].append(labelled(row["ai_label"], row["text"], in_file is not None))
        out["readable"].append(readout.readable)
        out["file_label"].append(f"{in_file.source}: {in_file.value}" if in_file else None)
        for name in POSTED:
            out[name].append(row[name] or None)
    return pa.RecordBatch.from_pydict(out, schema=READOUT_SCHEMA)


def _remote(signals: list[dict[str, str]]) -> str:
    """``; it points at a remote C2PA manifest at URL, not fetched`` when one is recorded."""
    urls = [s["value"].split("=", 1)[1] for s in signals if s["value"].startswith(_REMOTE)]
    if not urls:
        return ""
    return f"; it points at a remote C2PA manifest at {urls[0]}, which cdnet does not fetch"


def _label_phrase(is_labelled: bool | None, file_label: str | None) -> str:
    if file_label is not None:
        return f"it is labelled as AI in its own metadata ({file_label})"
    return {
        True: "its post labels it as AI",
        False: "its post carries no AI label",
        None: "whether its post labels it as AI is unknown",
    }[is_labelled]


def _explain(row: dict[str, Any]) -> str:
    image = f"Image {row['image_id']}"
    if not row["readable"]:
        return f"{image} could not be read at {row['path']}, so its verdict is unknown."
    verdict = row["verdict"]
    if verdict == "unknown":
        return (
            f"{image} carries no provenance signal that says how it was made "
            f"({len(row['signals'])} signals read){_remote(row['signals'])}, so its verdict "
            "is unknown, not a guess."
        )
    made = {"ai-generated": "AI-generated", "ai-edited": "AI-edited"}.get(verdict)
    if made is None:
        return f"{image} carries camera provenance ({row['decided_by']}) and no sign of AI."
    label = _label_phrase(row["labelled"], row["file_label"])
    decided = str(row["decided_by"])
    if decided.startswith("classifier:"):
        how = f"according to a pixel classifier plugin, a guess and not provenance ({decided})"
    else:
        how = f"by its own metadata ({decided})"
    return f"{image} is {made} {how}, and {label}."


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
        **{name: row[name] for name in POSTED},
    )


def run(tables: Tables, config: Config) -> Iterator[AiImageFinding]:
    """One finding per image: unlabelled AI images first, then by score and image id."""
    if "images" not in tables:
        return
    roots = [str(config.root.resolve())] if config.root else []
    roots += [str(p.resolve().parent) for p in tables.paths["images"]]
    images = tables.table("images", _INPUT)
    check_names(config.classifiers)
    kernel = functools.partial(readout_kernel, roots=roots, classifiers=list(config.classifiers))
    readouts = tables.engine.apply(images, kernel, READOUT_SCHEMA, "image_readouts")
    found = [
        _finding(row)
        for batch in tables.engine.batches(readouts.order_by("image_id"))
        for row in batch.to_pylist()
    ]
    yield from sorted(found, key=lambda f: (not f.unlabelled, -f.score, f.image_id))
