"""Which provenance signals survive typical platform re-encoding.

Samples: the C2PA test images (``tests/fixtures/c2pa``: C.jpg AI-generated, ocsp.jpg
Firefly-edited, C_with_CAWG_data.jpg camera, IMG_0003.jpg camera by EXIF) and images made here
with Pillow (IPTC DigitalSourceType in XMP, IPTC IIM naming a generator as originating program,
an AUTOMATIC1111 PNG, a ComfyUI PNG, a JPEG with A1111 parameters in EXIF UserComment). Each
goes through what platforms do to uploads:

* ``jpeg-q85``: decoded and re-saved as JPEG quality 85 (Pillow passes no metadata on);
* ``jpeg-q85+meta``: the same, but EXIF, XMP and the IPTC IIM (APP13) segment explicitly copied
  (a platform that keeps them);
* ``resize-50%+meta``: halved, re-saved as JPEG q85 with EXIF, XMP and IIM copied;
* ``strip-exif``: EXIF removed, XMP, IIM and PNG text kept, same format;
* ``png->jpeg``: a PNG converted to JPEG q85 with EXIF and XMP copied (PNG text cannot follow).

Each cell is the verdict of ``inspect_image`` and the sources of the signals still there.

    .venv/bin/python bench/images/run.py [--out bench/results/images.md]
"""

from __future__ import annotations

import argparse
import json
import shutil
import struct
import tempfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from PIL.PngImagePlugin import PngInfo

from cdnet.analysis.images import inspect_image

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "c2pa"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
    b'Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/'
    b'trainedAlgorithmicMedia"/></rdf:RDF></x:xmpmeta>'
)
Transform = Callable[[Path, Path], Path | None]
APP13 = b"\xff\xed"


def _iim_segment(fields: list[tuple[int, str]]) -> bytes:
    """An APP13 segment (Photoshop IRB 0x0404, IPTC-NAA) with record-2 ``fields``, UTF-8."""
    iim = struct.pack(">BBBH", 0x1C, 1, 90, 3) + b"\x1b%G"
    for dataset, value in fields:
        data = value.encode("utf-8")
        iim += struct.pack(">BBBH", 0x1C, 2, dataset, len(data)) + data
    resource = b"8BIM" + struct.pack(">HHI", 0x0404, 0, len(iim)) + iim + b"\x00" * (len(iim) % 2)
    body = b"Photoshop 3.0\x00" + resource
    return APP13 + struct.pack(">H", len(body) + 2) + body


def _app13_of(path: Path) -> bytes:
    """The APP13 segments of a JPEG (empty for other files), to carry over to a re-encode."""
    data = path.read_bytes()
    if not data.startswith(b"\xff\xd8"):
        return b""
    found, at = b"", 2
    while at + 4 <= len(data) and data[at] == 0xFF and data[at + 1] not in (0xDA, 0xD9):
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        if data[at : at + 2] == APP13:
            found += data[at : at + 2 + length]
        at += 2 + length
    return found


def _picture() -> Image.Image:
    return Image.effect_mandelbrot((256, 192), (-2.0, -1.2, 1.0, 1.2), 64).convert("RGB")


def make_samples(folder: Path) -> dict[str, Path]:
    """The sample images, copied or made in ``folder``."""
    samples = {}
    for name in ("C.jpg", "ocsp.jpg", "C_with_CAWG_data.jpg", "IMG_0003.jpg"):
        samples[f"c2pa {name}"] = Path(shutil.copy(FIXTURES / name, folder / name))
    _picture().save(folder / "xmp.jpg", xmp=XMP)
    samples["IPTC XMP trainedAlgorithmicMedia"] = folder / "xmp.jpg"
    _picture().save(folder / "plain.jpg", quality=95)
    jpeg = (folder / "plain.jpg").read_bytes()
    (folder / "iim.jpg").write_bytes(jpeg[:2] + _iim_segment([(65, "Midjourney")]) + jpeg[2:])
    samples["IPTC IIM originating program Midjourney"] = folder / "iim.jpg"
    info = PngInfo()
    info.add_text("parameters", "poster\nSteps: 20, Sampler: Euler a, Seed: 1")
    _picture().save(folder / "a1111.png", pnginfo=info)
    samples["A1111 PNG parameters"] = folder / "a1111.png"
    info = PngInfo()
    info.add_text("prompt", json.dumps({"3": {"class_type": "KSampler", "inputs": {}}}))
    _picture().save(folder / "comfy.png", pnginfo=info)
    samples["ComfyUI PNG prompt"] = folder / "comfy.png"
    exif = Image.Exif()
    exif.get_ifd(0x8769)[37510] = b"UNICODE\0" + "x, Steps: 20, Sampler: Euler".encode("utf-16-be")
    _picture().save(folder / "usercomment.jpg", exif=exif)
    samples["A1111 JPEG EXIF UserComment"] = folder / "usercomment.jpg"
    return samples


def _meta(image: Image.Image) -> dict[str, bytes]:
    kept = {k: image.info[k] for k in ("exif", "xmp") if image.info.get(k)}
    if "xmp" not in kept and image.info.get("XML:com.adobe.xmp"):
        kept["xmp"] = str(image.info["XML:com.adobe.xmp"]).encode()
    return kept


def jpeg_q85(src: Path, out: Path, keep: bool = False, scale: float = 1.0) -> Path:
    with Image.open(src) as image:
        meta = _meta(image) if keep else {}
        frame = image.convert("RGB")
        if scale != 1.0:
            frame = frame.resize((int(frame.width * scale), int(frame.height * scale)))
        target = out.with_suffix(".jpg")
        frame.save(target, "JPEG", quality=85, **meta)
    segments = _app13_of(src) if keep else b""
    if segments:  # Pillow does not write APP13: put the source's back after the SOI marker
        data = target.read_bytes()
        target.write_bytes(data[:2] + segments + data[2:])
    return target


def strip_exif(src: Path, out: Path) -> Path:
    with Image.open(src) as image:
        meta = {k: v for k, v in _meta(image).items() if k != "exif"}
        target = out.with_suffix(src.suffix)
        if image.format == "PNG":
            info = PngInfo()
            for key, value in getattr(image, "text", {}).items():
                info.add_text(key, value)
            image.save(target, pnginfo=info)
        else:
            image.save(target, quality=95, **meta)
    segments = _app13_of(src)
    if segments:
        data = target.read_bytes()
        target.write_bytes(data[:2] + segments + data[2:])
    return target


def png_to_jpeg(src: Path, out: Path) -> Path | None:
    return jpeg_q85(src, out, keep=True) if src.suffix == ".png" else None


TRANSFORMS: dict[str, Transform] = {
    "original": lambda src, out: src,
    "jpeg-q85": jpeg_q85,
    "jpeg-q85+meta": lambda src, out: jpeg_q85(src, out, keep=True),
    "resize-50%+meta": lambda src, out: jpeg_q85(src, out, keep=True, scale=0.5),
    "strip-exif": strip_exif,
    "png->jpeg": png_to_jpeg,
}


def cell(path: Path | None) -> str:
    if path is None:
        return "n/a"
    readout = inspect_image(path)
    sources = sorted({s.source for s in readout.signals})
    return f"{readout.verdict} ({', '.join(sources) or 'no signal'})"


def table(folder: Path) -> str:
    """The Markdown table: one row per sample, one column per transform."""
    lines = [
        "| sample | " + " | ".join(TRANSFORMS) + " |",
        "|---" * (len(TRANSFORMS) + 1) + "|",
    ]
    for label, src in make_samples(folder).items():
        cells = []
        for index, (name, transform) in enumerate(TRANSFORMS.items()):
            out = folder / f"{src.stem}-{index}-{name.replace('%', '').replace('>', '')}"
            cells.append(cell(transform(src, out)))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "images.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cdnet-bench-images-") as tmp:
        body = table(Path(tmp))
    text = (
        "# Which provenance signals survive platform re-encoding\n\n"
        "Made by `bench/images/run.py` (Pillow re-encoding; cells: verdict of the ai-images "
        "cascade, then the sources of the signals left).\n\n" + body + "\n"
        "Reading: a C2PA manifest lives in JPEG APP11 segments that no re-encode here copies, "
        "so every re-encode loses it; IPTC XMP and IIM survive only where a platform copies "
        "them; PNG text chunks never survive a conversion to JPEG; EXIF survives only where it "
        "is copied. A verdict of `unknown` after re-encoding is the expected, honest outcome.\n"
    )
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
