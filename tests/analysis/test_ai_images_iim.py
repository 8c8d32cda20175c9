"""ai-images: IPTC IIM (JPEG APP13 / Photoshop resource 0x0404) as generator signal and AI label.

The JPEGs are built here: Pillow writes the pixels, and the APP13 segment with its IIM record is
assembled byte by byte (Pillow can read IIM but not write it).
"""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

from cdnet.analysis.detectors import Tables, get
from cdnet.analysis.images import inspect_image
from cdnet.analysis.images.iim import read_iim

DETECTOR = get("ai-images")


def iim_dataset(dataset: int, value: str) -> bytes:
    """One record-2 dataset: tag marker 0x1C, record, dataset number, length, value."""
    data = value.encode("utf-8")
    return struct.pack(">BBBH", 0x1C, 2, dataset, len(data)) + data


def app13(fields: list[tuple[int, str]]) -> bytes:
    """An APP13 segment holding a Photoshop IRB 0x0404 (IPTC-NAA) with ``fields``."""
    utf8 = struct.pack(">BBBH", 0x1C, 1, 90, 3) + b"\x1b%G"  # 1:90 coded character set: UTF-8
    iim = utf8 + b"".join(iim_dataset(d, v) for d, v in fields)
    padded = iim + (b"\x00" if len(iim) % 2 else b"")
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim))
    body = b"Photoshop 3.0\x00" + resource + padded
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def jpeg(path: Path, fields: list[tuple[int, str]] | None = None, **save: Any) -> Path:
    """A small JPEG; with ``fields``, an IPTC IIM block right after the start-of-image marker."""
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (90, 140, 60)).save(buffer, "JPEG", **save)
    data = buffer.getvalue()
    if fields is not None:
        data = data[:2] + app13(fields) + data[2:]
    path.write_bytes(data)
    return path


def stripped(source: Path, target: Path) -> Path:
    """What a platform's re-encode leaves: the pixels, no metadata."""
    with Image.open(source) as image:
        image.convert("RGB").save(target, "JPEG", quality=85)
    return target


def iptc_values(path: Path) -> list[str]:
    return [s.value for s in inspect_image(path).signals if s.source == "iptc"]


def test_the_test_helper_writes_iim_that_pillow_reads_back(tmp_path: Path) -> None:
    path = jpeg(tmp_path / "a.jpg", [(120, "Sunset über Köln"), (25, "sky"), (25, "city")])
    assert read_iim(path) == {120: ["Sunset über Köln"], 25: ["sky", "city"]}


def test_an_ai_generator_as_originating_program_marks_ai_generated(tmp_path: Path) -> None:
    readout = inspect_image(jpeg(tmp_path / "g.jpg", [(65, "Midjourney v6")]))
    assert readout.verdict == "ai-generated"
    assert readout.decided_by is not None
    assert (readout.decided_by.source, readout.decided_by.value) == (
        "iptc",
        "OriginatingProgram=Midjourney v6",
    )
    assert readout.score == 0.85  # the generator rank, as EXIF Software


@pytest.mark.parametrize(
    ("dataset", "name", "value"),
    [(80, "By-line", "DALL-E 3"), (110, "Credit", "Adobe Firefly"), (115, "Source", "NovelAI")],
)
def test_a_generator_named_in_by_line_credit_or_source_marks_ai_generated(
    tmp_path: Path, dataset: int, name: str, value: str
) -> None:
    readout = inspect_image(jpeg(tmp_path / "g.jpg", [(dataset, value)]))
    assert readout.verdict == "ai-generated"
    assert f"{name}={value}" in iptc_values(tmp_path / "g.jpg")


def test_ordinary_credits_are_not_signals_but_a_photo_editor_is_kept_as_evidence(
    tmp_path: Path,
) -> None:
    fields = [(65, "Adobe Photoshop"), (80, "Alice Example"), (110, "Reuters"), (115, "AFP")]
    readout = inspect_image(jpeg(tmp_path / "p.jpg", fields))
    assert readout.verdict == "unknown"
    assert iptc_values(tmp_path / "p.jpg") == ["OriginatingProgram=Adobe Photoshop"]


def test_a_camera_exif_with_an_ai_credit_is_ai_generated(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[271], exif[272] = "Canon", "EOS R5"
    path = jpeg(tmp_path / "c.jpg", [(110, "Stable Diffusion XL")], exif=exif)
    assert inspect_image(path).verdict == "ai-generated"  # the generator rank beats camera


@pytest.mark.parametrize(
    ("dataset", "text", "shown"),
    [
        (120, "Bild KI-generiert für die Kampagne", "Caption-Abstract=Bild KI-generiert"),
        (105, "Image générée par IA", "Headline=Image générée par IA"),
        (25, "madewithai", "Keywords=madewithai"),
        (25, "AI generated", "Keywords=AI generated"),
    ],
)
def test_an_ai_label_in_caption_headline_or_keywords_is_a_file_label(
    tmp_path: Path, dataset: int, text: str, shown: str
) -> None:
    readout = inspect_image(jpeg(tmp_path / "l.jpg", [(dataset, text)]))
    assert readout.file_label is not None
    assert readout.file_label.value.startswith(shown)
    assert readout.verdict == "unknown"  # a label says how it is presented, not how it was made


def test_captions_that_only_mention_ai_are_not_file_labels(tmp_path: Path) -> None:
    fields = [(120, "Debate on AI regulation in Brussels"), (25, "ai"), (25, "politics")]
    readout = inspect_image(jpeg(tmp_path / "n.jpg", fields))
    assert readout.file_label is None
    assert iptc_values(tmp_path / "n.jpg") == []


def test_iim_in_a_tiff_is_read_too(tmp_path: Path) -> None:
    iim = b"".join(iim_dataset(d, v) for d, v in [(65, "ComfyUI")])
    path = tmp_path / "t.tif"
    Image.new("RGB", (16, 16)).save(path, "TIFF", tiffinfo={33723: iim})
    assert inspect_image(path).verdict == "ai-generated"


def test_a_stripped_copy_of_an_iim_labelled_ai_image_is_unknown(tmp_path: Path) -> None:
    fields = [(65, "Midjourney"), (120, "AI-generated picture of a rally")]
    original = jpeg(tmp_path / "orig.jpg", fields)
    copy = stripped(original, tmp_path / "copy.jpg")
    assert inspect_image(original).verdict == "ai-generated"
    readout = inspect_image(copy)
    assert (readout.verdict, readout.signals, readout.file_label) == ("unknown", [], None)


def write_images(folder: Path, rows: list[dict[str, Any]]) -> Path:
    columns = ["image_id", "path", "text", "ai_label"]
    kinds = [pa.string(), pa.string(), pa.string(), pa.bool_()]
    data = {c: pa.array([r.get(c) for r in rows], k) for c, k in zip(columns, kinds, strict=True)}
    pq.write_table(pa.table(data), folder / "images.parquet")
    return folder / "images.parquet"


def test_the_detector_counts_an_embedded_label_and_names_the_deciding_iim_field(
    tmp_path: Path, engine: Any
) -> None:
    jpeg(tmp_path / "told.jpg", [(65, "DALL-E 3"), (120, "KI-generiertes Bild")])
    jpeg(tmp_path / "silent.jpg", [(65, "DALL-E 3"), (120, "Sunset over the city")])
    table = write_images(
        tmp_path,
        [
            {"image_id": "told", "path": "told.jpg"},  # no post caption, no platform label
            {"image_id": "silent", "path": "silent.jpg", "text": "Beautiful evening"},
            {"image_id": "bare", "path": "silent.jpg"},
        ],
    )
    with Tables({"images": [table]}, engine) as tables:
        found = {f["image_id"]: f for f in DETECTOR.findings(tables, DETECTOR.make_config({}))}
    told, silent, bare = found["told"], found["silent"], found["bare"]
    assert (told["verdict"], told["labelled"], told["unlabelled"]) == ("ai-generated", True, False)
    assert "Caption-Abstract=KI-generiertes Bild" in told["explanation"]
    assert {"source": "iptc", "value": "OriginatingProgram=DALL-E 3"} in told["signals"]
    assert "(iptc: OriginatingProgram=DALL-E 3)" in silent["explanation"]
    assert (silent["labelled"], silent["unlabelled"]) == (False, True)  # the post's caption
    assert (bare["labelled"], bare["unlabelled"]) == (None, False)  # a file without a label
