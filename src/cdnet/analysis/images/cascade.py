"""The provenance cascade for one image file: C2PA, then IPTC/XMP, then generator text (EXIF
software, IPTC IIM originating program and credits, PNG chunks), then the camera's EXIF make and
model. See :func:`decide`. An AI label in the file's own IPTC IIM caption, headline or keywords
is kept as ``file_label``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cdnet.analysis.images.classifiers import classifier_signals
from cdnet.analysis.images.iim import iim_labels, iim_signals, read_iim
from cdnet.analysis.images.metadata import pillow_signals, xmp_packet, xmp_signals
from cdnet.analysis.images.provenance import c2pa_signals, read_manifest_store
from cdnet.analysis.images.signals import Signal, Verdict, decide


@dataclass(frozen=True)
class Readout:
    """What the file says about itself: the verdict, its score and every signal read."""

    verdict: Verdict
    score: float
    signals: list[Signal] = field(default_factory=list)
    readable: bool = True
    decided_by: Signal | None = None
    file_label: Signal | None = None  # an AI label in the file's IPTC IIM text fields


def inspect_image(path: Path, classifiers: Sequence[str] = ()) -> Readout:
    """Read every provenance signal of ``path`` offline and decide; ``unknown`` without any.

    ``classifiers`` (none by default) names pixel-classifier plugins to ask when the metadata
    decides nothing (:mod:`~cdnet.analysis.images.classifiers`).
    """
    if not path.is_file():
        return Readout("unknown", 0.0, [], readable=False)
    signals = c2pa_signals(read_manifest_store(path))
    packet = xmp_packet(path)
    if packet:
        signals += xmp_signals(packet)
    signals += pillow_signals(path)
    records = read_iim(path)
    signals += iim_signals(records)
    labels = iim_labels(records)
    verdict, score, decided_by = decide(signals)
    if verdict == "unknown" and classifiers:
        signals += classifier_signals(path, classifiers)
        verdict, score, decided_by = decide(signals)
    file_label = labels[0] if labels else None
    return Readout(verdict, score, _unique(signals + labels), True, decided_by, file_label)


def _unique(signals: list[Signal]) -> list[Signal]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for signal in signals:
        key = (signal.source, signal.value)
        if key not in seen:
            seen.add(key)
            kept.append(signal)
    return kept
