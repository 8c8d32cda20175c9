"""The provenance cascade for one image file: C2PA, then IPTC/XMP, then generator text and
EXIF software, then the camera's EXIF make and model. See :func:`decide`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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


def inspect_image(path: Path) -> Readout:
    """Read every provenance signal of ``path`` offline and decide; ``unknown`` without any."""
    if not path.is_file():
        return Readout("unknown", 0.0, [], readable=False)
    signals = c2pa_signals(read_manifest_store(path))
    packet = xmp_packet(path)
    if packet:
        signals += xmp_signals(packet)
    signals += pillow_signals(path)
    verdict, score, decided_by = decide(signals)
    return Readout(verdict, score, _unique(signals), decided_by=decided_by)


def _unique(signals: list[Signal]) -> list[Signal]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for signal in signals:
        key = (signal.source, signal.value)
        if key not in seen:
            seen.add(key)
            kept.append(signal)
    return kept
