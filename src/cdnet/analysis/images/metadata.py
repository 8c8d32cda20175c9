"""Embedded metadata read without any network: XMP/IPTC packets, EXIF and PNG text chunks.

* XMP is found by scanning the file's bytes for the ``<x:xmpmeta>`` packet (JPEG APP1, PNG iTXt,
  WebP, TIFF all embed it as plain text) and parsed with regular expressions, never an XML
  parser: a hostile file cannot expand entities or fetch anything.
* EXIF comes from Pillow (``Make``, ``Model``, ``Software``, and ``UserComment``, where
  AUTOMATIC1111 writes its generation parameters into JPEGs).
* PNG text chunks: AUTOMATIC1111 ``parameters``, ComfyUI ``prompt`` and ``workflow``, and the
  ``Software``/``Source`` chunks some generators (NovelAI) write.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from cdnet.analysis.images.signals import (
    AI_GENERATED,
    RANK_CAMERA,
    RANK_GENERATOR,
    RANK_IPTC,
    SOURCE_TYPES,
    Signal,
    source_type,
)

MAX_XMP_SCAN = 32 * 1024 * 1024  # bytes of a file scanned for an XMP packet
VALUE_CHARS = 160  # a signal's value is cut to this length

#: Generators whose name in a Software/CreatorTool field means the image was made by AI.
AI_SOFTWARE = re.compile(
    r"\b(midjourney|dall[-·.]?e|stable[ _-]?diffusion|novelai|comfyui|automatic1111|"
    r"invokeai|fooocus|adobe firefly|leonardo\.ai|ideogram|imagen|chatgpt|gpt-4o|nijijourney)\b",
    re.IGNORECASE,
)
_A1111 = re.compile(r"\bSteps: \d+.*\bSampler: ", re.DOTALL)
_XMP_START, _XMP_END = b"<x:xmpmeta", b"</x:xmpmeta>"


def cut_value(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


def xmp_packet(path: Path) -> str | None:
    """The first XMP packet in the file, as text, or None."""
    with path.open("rb") as handle:
        data = handle.read(MAX_XMP_SCAN)
    start = data.find(_XMP_START)
    end = data.find(_XMP_END, start) if start >= 0 else -1
    if start < 0 or end < 0:
        return None
    return data[start : end + len(_XMP_END)].decode("utf-8", errors="replace")


def _xmp_values(packet: str, prop: str) -> list[str]:
    """Values of ``prop`` (``ns:Name``) in attribute, element or rdf:li form."""
    name = re.escape(prop)
    found = re.findall(rf'{name}\s*=\s*"([^"]*)"', packet)
    for body in re.findall(rf"<{name}(?:\s[^>]*)?>(.*?)</{name}>", packet, re.DOTALL):
        items = re.findall(r"<rdf:li[^>]*>(.*?)</rdf:li>", body, re.DOTALL)
        found += items or [re.sub(r"<[^>]+>", "", body)]
    found += re.findall(rf'<{name}\s+rdf:resource\s*=\s*"([^"]*)"', packet)
    return [v.strip() for v in found if v.strip()]


def xmp_signals(packet: str) -> list[Signal]:
    """IPTC DigitalSourceType (source ``iptc``), CreatorTool and provenance URL (``xmp``)."""
    signals: list[Signal] = []
    for uri in _xmp_values(packet, "Iptc4xmpExt:DigitalSourceType"):
        kind = source_type(uri)
        signals.append(
            Signal("iptc", f"DigitalSourceType={kind}", SOURCE_TYPES.get(kind), RANK_IPTC)
        )
    for system in _xmp_values(packet, "Iptc4xmpExt:AISystemUsed"):
        signals.append(Signal("iptc", cut_value(f"AISystemUsed={system}"), AI_GENERATED, RANK_IPTC))
    for tool in _xmp_values(packet, "xmp:CreatorTool"):
        claim = AI_GENERATED if AI_SOFTWARE.search(tool) else None
        signals.append(Signal("xmp", cut_value(f"CreatorTool={tool}"), claim, RANK_GENERATOR))
    for url in _xmp_values(packet, "dcterms:provenance"):
        signals.append(
            Signal("xmp", cut_value(f"remote_manifest={url}"))
        )  # recorded, never fetched
    return signals


def _user_comment(raw: object) -> str:
    if isinstance(raw, bytes):
        code, body = raw[:8], raw[8:]
        if not code.startswith(b"UNICODE"):
            return body.decode("utf-8", errors="replace").strip("\x00 ")
        # UTF-16 in either byte order (piexif writes big-endian): the NULs tell which
        big = body[:2].startswith(b"\x00") or body.startswith(b"\xfe\xff")
        text = body.decode("utf-16-be" if big else "utf-16-le", errors="replace")
        return text.lstrip("\ufeff").strip("\x00 ")
    return str(raw or "")


def exif_signals(image: Image.Image) -> list[Signal]:
    """Software (AI generators), A1111 parameters in UserComment, camera Make and Model."""
    exif = image.getexif()
    signals: list[Signal] = []
    software = str(exif.get(305) or "").strip()
    if software:
        claim = AI_GENERATED if AI_SOFTWARE.search(software) else None
        signals.append(Signal("exif", cut_value(f"Software={software}"), claim, RANK_GENERATOR))
    comment = _user_comment(exif.get_ifd(0x8769).get(37510))
    if _A1111.search(comment):
        signals.append(
            Signal("exif", cut_value(f"UserComment={comment}"), AI_GENERATED, RANK_GENERATOR)
        )
    for tag, label in ((271, "Make"), (272, "Model")):
        value = str(exif.get(tag) or "").strip("\x00 ")
        if value:
            signals.append(Signal("exif", cut_value(f"{label}={value}"), "camera", RANK_CAMERA))
    return signals


def _is_json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def png_text_signals(image: Image.Image) -> list[Signal]:
    """Generator chunks: ``parameters`` (A1111), ``prompt``/``workflow`` (ComfyUI), Software."""
    chunks: dict[str, str] = getattr(image, "text", None) or {}
    signals: list[Signal] = []
    for key, text in sorted(chunks.items()):
        value = cut_value(f"{key}={text}")
        if key == "parameters":
            claim = AI_GENERATED if _A1111.search(text) or "Seed:" in text else None
            signals.append(Signal("png-text", value, claim, RANK_GENERATOR))
        elif key in ("prompt", "workflow"):
            claim = AI_GENERATED if _is_json_object(text) else None
            signals.append(Signal("png-text", value, claim, RANK_GENERATOR))
        elif key in ("Software", "Source") and AI_SOFTWARE.search(text):
            signals.append(Signal("png-text", value, AI_GENERATED, RANK_GENERATOR))
    return signals


def pillow_signals(path: Path) -> list[Signal]:
    """EXIF and PNG text signals; none when Pillow cannot open the file."""
    try:
        with Image.open(path) as image:
            signals = exif_signals(image)
            if image.format == "PNG":
                signals += png_text_signals(image)
            return signals
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return []
