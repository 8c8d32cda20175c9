"""IPTC IIM (the binary "IPTC-NAA" record of JPEG APP13 / TIFF tag 33723), read offline.

Pillow's :func:`PIL.IptcImagePlugin.getiptcinfo` finds the record (the Photoshop image resource
0x0404 in a JPEG's APP13 segment, or the TIFF tag); this module reads record 2 from it:

* **generator fields** -- Originating Program (2:65), By-line (2:80), Credit (2:110) and Source
  (2:115): a known AI generator there (the same list as EXIF ``Software``,
  :data:`~cdnet.analysis.images.metadata.AI_SOFTWARE`) claims ``ai-generated`` at the generator
  rank. Originating Program is always kept as evidence (as EXIF ``Software`` is); the other three
  name people and agencies and are kept only when they name a generator.
* **label fields** -- Caption/Abstract (2:120), Headline (2:105) and Keywords (2:25): an AI label
  in them (the caption matcher of :mod:`~cdnet.analysis.images.labels`) labels the image as AI,
  like a post's caption does.

Values are decoded as UTF-8 (what record 1:90 ``ESC % G`` announces and most tools write), else
Latin-1 (the IIM default).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, IptcImagePlugin, UnidentifiedImageError

from cdnet.analysis.images.labels import has_ai_label
from cdnet.analysis.images.metadata import AI_SOFTWARE, cut_value
from cdnet.analysis.images.signals import AI_GENERATED, RANK_GENERATOR, Signal

#: Record 2 datasets that may name the program or agency that made the image.
GENERATOR_FIELDS = {65: "OriginatingProgram", 80: "By-line", 110: "Credit", 115: "Source"}
#: Record 2 datasets whose text may tell the reader the image is AI-made.
LABEL_FIELDS = {120: "Caption-Abstract", 105: "Headline", 25: "Keywords"}
_ALWAYS_KEPT = frozenset({65})


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return text.strip("\x00 ").strip()


def read_iim(path: Path) -> dict[int, list[str]]:
    """Record 2 of the file's IPTC IIM block: dataset number -> its values; empty when none."""
    try:
        with Image.open(path) as image:
            info = IptcImagePlugin.getiptcinfo(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError):
        return {}
    found: dict[int, list[str]] = {}
    for (record, dataset), value in (info or {}).items():
        if record != 2:
            continue
        raws = value if isinstance(value, list) else [value]
        texts = [_decode(r) for r in raws if isinstance(r, bytes)]
        if any(texts):
            found[dataset] = [t for t in texts if t]
    return found


def iim_signals(records: dict[int, list[str]]) -> list[Signal]:
    """Generator signals (source ``iptc``) of the generator fields; see the module docstring."""
    signals: list[Signal] = []
    for dataset, name in GENERATOR_FIELDS.items():
        for value in records.get(dataset, []):
            is_ai = bool(AI_SOFTWARE.search(value))
            if is_ai or dataset in _ALWAYS_KEPT:
                claim = AI_GENERATED if is_ai else None
                signals.append(Signal("iptc", cut_value(f"{name}={value}"), claim, RANK_GENERATOR))
    return signals


def _keyword_label(keyword: str) -> bool:
    """A keyword is a label as a caption (``AI generated``) or as a hashtag (``madewithai``)."""
    return has_ai_label(keyword) or has_ai_label("#" + "".join(keyword.split()).lstrip("#"))


def iim_labels(records: dict[int, list[str]]) -> list[Signal]:
    """One evidence signal per label field that carries an AI label (no verdict claim)."""
    signals: list[Signal] = []
    for dataset, name in LABEL_FIELDS.items():
        values = records.get(dataset, [])
        check = _keyword_label if dataset == 25 else has_ai_label
        labels = [v for v in values if check(v)]
        if labels:
            signals.append(Signal("iptc", cut_value(f"{name}={'; '.join(labels)}")))
    return signals
