"""The detectors cdnet knows: the built-ins below and third parties' entry points.

A third-party package registers a detector module in its ``pyproject.toml``::

    [project.entry-points."cdnet.detectors"]
    my-detector = "my_package.my_detector"

The module follows the contract of :mod:`cdnet.analysis.detectors.base`.
"""

from __future__ import annotations

import functools
import importlib
from importlib.metadata import entry_points
from types import ModuleType

from cdnet.analysis.detectors.base import Detector
from cdnet.errors import BadInput, ConfigurationError

ENTRY_POINT_GROUP = "cdnet.detectors"

#: Built-in detectors: NAME -> module, imported only when used.
BUILTIN: dict[str, str] = {
    "lookalike-domains": "cdnet.analysis.detectors.lookalike_domains",
    "coordination": "cdnet.analysis.detectors.coordination",
    "undeclared-political-ads": "cdnet.analysis.detectors.undeclared_political_ads",
    "sanctions": "cdnet.analysis.detectors.sanctions",
    "notice-action": "cdnet.analysis.detectors.notice_action",
    "targeted-organisations": "cdnet.analysis.detectors.targeted_organisations",
    "election-silence": "cdnet.analysis.detectors.election_silence",
    "ai-images": "cdnet.analysis.detectors.ai_images",
}


def _third_party() -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}


def names() -> list[str]:
    """Every detector name, built-ins first."""
    extra = sorted(n for n in _third_party() if n not in BUILTIN)
    return [*BUILTIN, *extra]


@functools.cache
def _load(name: str, target: str) -> Detector:
    try:
        module: ModuleType = importlib.import_module(target.split(":", 1)[0])
    except ImportError as exc:
        raise ConfigurationError(
            f"detector {name!r} cannot be imported from {target}: {exc}"
        ) from None
    detector = Detector.from_module(module)
    if detector.name != name:
        raise ConfigurationError(
            f"detector module {target} declares NAME {detector.name!r}, not {name!r}"
        )
    return detector


def get(name: str) -> Detector:
    """The detector called ``name``; ``BadInput`` naming the known detectors when there is none."""
    target = BUILTIN.get(name) or _third_party().get(name)
    if target is None:
        raise BadInput(f"unknown detector {name!r}; known detectors: {', '.join(names())}")
    return _load(name, target)


def all_detectors() -> list[Detector]:
    """Every detector, loaded."""
    return [get(name) for name in names()]
