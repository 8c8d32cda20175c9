"""Countries the network works in: ISO 3166-1 alpha-2 codes and EU membership."""

from __future__ import annotations

EU_MEMBER_STATES: frozenset[str] = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)


def normalise_country(code: str) -> str:
    """Upper-case a two-letter code; accept ``EL`` (the EU's code for Greece) as ``GR``."""
    value = code.strip().upper()
    return "GR" if value == "EL" else value


def is_eu(code: str) -> bool:
    return normalise_country(code) in EU_MEMBER_STATES
