"""TLP levels in order, and whether a recipient cleared for one level may receive another."""

from __future__ import annotations

ORDER = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")


def rank(level: str) -> int:
    """0 for CLEAR … 4 for RED; an unknown level ranks as RED (the safe side)."""
    return ORDER.index(level) if level in ORDER else len(ORDER) - 1


def allows(recipient_max: str, level: str) -> bool:
    """Whether a recipient whose highest TLP is ``recipient_max`` may receive ``level``."""
    return rank(level) <= rank(recipient_max)
