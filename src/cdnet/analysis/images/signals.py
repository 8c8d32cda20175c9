"""Signals and verdicts: what one piece of metadata says about how an image was made.

A :class:`Signal` is one fact read from a file (``source`` is where it was found: ``c2pa``,
``xmp``, ``iptc``, ``exif`` or ``png-text``, or ``classifier`` for an optional pixel classifier
plugin; ``value`` is a short readable string). A signal may carry a ``claim`` -- the verdict it
supports -- and a ``rank`` saying how much it is worth in the cascade (0 is strongest). Signals
without a claim are kept as evidence only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Verdict = Literal["ai-generated", "ai-edited", "camera", "unknown"]
Source = Literal["c2pa", "xmp", "iptc", "exif", "png-text", "classifier"]

AI_GENERATED: Verdict = "ai-generated"
AI_VERDICTS: frozenset[str] = frozenset({"ai-generated", "ai-edited"})

#: Cascade ranks: a signed, valid C2PA manifest outranks embedded IPTC metadata, which outranks
#: generator text chunks and EXIF software strings, which outrank a camera make and model.
RANK_C2PA = 0
RANK_C2PA_INVALID = 1
RANK_IPTC = 2
RANK_GENERATOR = 3
RANK_CAMERA = 4
#: A pixel-based classifier plugin (off by default): below every metadata signal.
RANK_CLASSIFIER = 5

#: The score a verdict gets from the rank of the signal that decided it.
RANK_SCORE = {
    RANK_C2PA: 0.95,
    RANK_C2PA_INVALID: 0.6,
    RANK_IPTC: 0.9,
    RANK_GENERATOR: 0.85,
    RANK_CAMERA: 0.5,
    RANK_CLASSIFIER: 0.4,
}

#: IPTC NewsCodes digital source types (last segment of the URI) -> the verdict they support.
#: Types not listed (``minorHumanEdits``, ``composite``, ``screenCapture``, ``digitalArt``,
#: ``algorithmicallyEnhanced``, ...) are kept as evidence but decide nothing.
SOURCE_TYPES: dict[str, Verdict] = {
    "trainedAlgorithmicMedia": "ai-generated",
    "algorithmicMedia": "ai-generated",
    "compositeWithTrainedAlgorithmicMedia": "ai-edited",
    "compositeSynthetic": "ai-edited",
    "digitalCapture": "camera",
    "computationalCapture": "camera",
    "negativeFilm": "camera",
    "positiveFilm": "camera",
    "print": "camera",
}

_PRIORITY = {"ai-generated": 0, "ai-edited": 1, "camera": 2}


@dataclass(frozen=True)
class Signal:
    """One fact read from an image, and the verdict it supports (if any)."""

    source: Source
    value: str
    claim: Verdict | None = None
    rank: int = RANK_CAMERA

    def record(self) -> dict[str, str]:
        """The ``{source, value}`` object of FORMATS.md."""
        return {"source": self.source, "value": self.value}


def source_type(uri: str) -> str:
    """The IPTC digital source type named by ``uri`` (whitespace and namespace stripped)."""
    return uri.strip().rstrip("/").rsplit("/", 1)[-1]


def decide(signals: list[Signal]) -> tuple[Verdict, float, Signal | None]:
    """The cascade: the strongest-ranked claim wins; within a rank AI beats camera.

    Returns the verdict, its score and the signal that decided it. No claim at all gives
    ``unknown`` with score 0: a verdict is never guessed.
    """
    claims = [s for s in signals if s.claim in _PRIORITY]
    if not claims:
        return "unknown", 0.0, None
    best = min(claims, key=lambda s: (s.rank, _PRIORITY[str(s.claim)]))
    verdict: Verdict = best.claim or "unknown"
    return verdict, RANK_SCORE.get(best.rank, 0.5), best
