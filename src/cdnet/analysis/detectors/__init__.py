"""Detectors: one module each, listed in :mod:`.registry`, following :mod:`.base`."""

from cdnet.analysis.detectors.base import (
    Detector,
    DetectorConfig,
    Finding,
    Tables,
    parse_options,
)
from cdnet.analysis.detectors.registry import all_detectors, get, names

__all__ = [
    "Detector",
    "DetectorConfig",
    "Finding",
    "Tables",
    "all_detectors",
    "get",
    "names",
    "parse_options",
]
