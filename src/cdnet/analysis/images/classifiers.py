"""Pixel-based image classifiers as optional plugins, off by default.

cdnet ships no classifier that guesses from pixels (see docs/detectors/ai-images.md). A third
party may provide one through the ``cdnet.image_classifiers`` entry-point group::

    [project.entry-points."cdnet.image_classifiers"]
    my-model = "my_package.classify:classify"

The entry point names a callable following :class:`ImageClassifier`: it takes the image's path
and returns a :class:`Classification` (or None when it cannot tell). Installed plugins are never
run on their own: ``ai-images`` asks only those named with ``--classifiers``, only for images
whose metadata decides nothing, and their claim ranks below every metadata signal
(:data:`~cdnet.analysis.images.signals.RANK_CLASSIFIER`, score 0.4). Only AI claims count: a
classifier's "real photo" is kept as evidence but never makes an image ``camera``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Protocol

from cdnet.analysis.images.signals import AI_VERDICTS, RANK_CLASSIFIER, Signal, Verdict
from cdnet.errors import BadInput, ConfigurationError

ENTRY_POINT_GROUP = "cdnet.image_classifiers"


@dataclass(frozen=True)
class Classification:
    """A classifier's answer: the verdict it supports (None: no opinion) and its confidence."""

    claim: Verdict | None
    confidence: float
    label: str = ""  # the model's own label, shown as evidence ("synthetic", "real", ...)


class ImageClassifier(Protocol):
    """What a ``cdnet.image_classifiers`` entry point names: path in, classification out."""

    def __call__(self, path: Path) -> Classification | None: ...


def available() -> dict[str, EntryPoint]:
    """The installed classifier plugins by name (none unless a package registers one)."""
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def check_names(names: Sequence[str]) -> None:
    """``BadInput`` naming the installed plugins when one of ``names`` is not installed."""
    installed = available()
    missing = [n for n in names if n not in installed]
    if missing:
        known = ", ".join(sorted(installed)) or "none installed"
        raise BadInput(
            f"unknown image classifier {missing[0]!r}; installed: {known}", field="--classifiers"
        )


def _load(name: str, entry: EntryPoint) -> ImageClassifier:
    try:
        loaded = entry.load()
    except (ImportError, AttributeError) as exc:
        raise ConfigurationError(f"image classifier {name!r} cannot be loaded: {exc}") from None
    if not callable(loaded):
        raise ConfigurationError(f"image classifier {name!r} ({entry.value}) is not callable")
    classify: ImageClassifier = loaded
    return classify


def classifier_signals(path: Path, names: Sequence[str]) -> list[Signal]:
    """One signal per named classifier that answered (source ``classifier``)."""
    if not names:
        return []
    installed = available()
    signals: list[Signal] = []
    for name in names:
        answer = _load(name, installed[name])(path)
        if answer is None:
            continue
        confidence = min(1.0, max(0.0, float(answer.confidence)))
        shown = f"{name}: {answer.label or answer.claim or 'no claim'} ({confidence:.2f})"
        claim = answer.claim if answer.claim in AI_VERDICTS else None  # never "camera"
        signals.append(Signal("classifier", shown, claim, RANK_CLASSIFIER))
    return signals
