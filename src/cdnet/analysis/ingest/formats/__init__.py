"""The registry of export formats ``cdnet ingest`` converts to canonical tables.

Each format is a module (see :mod:`cdnet.analysis.ingest.formats.base` for its contract). With
``--format auto`` the sniffers are tried in registry order before the canonical tables' header
detection; ``--format NAME`` forces one.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from cdnet.analysis.ingest.formats import (
    coortweet,
    crowdtangle,
    dsa_sor,
    email,
    fourcat,
    meta_ad_library,
    meta_content_library,
    telegram,
    tiktok_research,
    x_api_v2,
    youtube_data,
)
from cdnet.analysis.ingest.formats.base import Broken, Format, RecordReader
from cdnet.errors import BadInput

__all__ = ["FORMATS", "Broken", "Format", "RecordReader", "detect_format", "get_format"]

#: Registered formats by name, in the order their sniffers are tried.
_MODULES = (
    email,
    x_api_v2,
    telegram,
    crowdtangle,
    meta_content_library,
    meta_ad_library,
    tiktok_research,
    youtube_data,
    fourcat,
    coortweet,
    dsa_sor,
)
FORMATS: dict[str, Format] = {module.NAME: cast(Format, module) for module in _MODULES}


def get_format(name: str) -> Format:
    """The format called ``name``; ``BadInput`` names the known ones otherwise."""
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise BadInput(f"unknown format {name!r}; known formats: {known}") from None


def detect_format(path: Path) -> Format | None:
    """The first registered format whose sniffer recognises ``path``, or None."""
    if not path.is_file():
        return None
    for fmt in FORMATS.values():
        if fmt.sniff(path):
            return fmt
    return None
