"""Known indicators: domains that a threat report lists as infrastructure of an operation.

The shipped file ``cdnet/data/indicators/known_indicators.csv`` (see its SOURCE.md) holds Meta's
Doppelganger spoof, brand and redirect domains and ASD's Disinformation Laundromat sites of
concern. A user's file (``--indicators FILE``) replaces it: a CSV with a header, ``domain``
required; ``kind`` (``spoof``, ``redirect`` or ``site-of-concern``; default ``site-of-concern``),
``imitates``, ``source``, ``source_url``, ``date`` and ``country`` optional. Domains may be
defanged, URLs, with ``www.`` or punycode, like the protected list.

A host matches an indicator when the host itself or one of its parent domains is listed
(``cdn.spiegel.ltd`` matches ``spiegel.ltd``); a listed user site on a platform
(``someone.livejournal.com``) does not make the platform itself an indicator.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from cdnet.analysis.reference.protected import domain_rows, normalise_host
from cdnet.errors import BadInput

SHIPPED = ("data", "indicators", "known_indicators.csv")
KINDS = ("spoof", "redirect", "site-of-concern")
#: When one domain is listed several times, the strongest kind is reported.
_RANK = {kind: rank for rank, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Indicator:
    """One listed domain: what the report says it is and where that is written."""

    domain: str
    kind: str
    source: str
    source_url: str = ""
    imitates: str = ""
    date: str = ""
    country: str = ""


class Indicators:
    """Lookups from host names to the indicators that list them (or a parent domain)."""

    def __init__(self, items: Iterable[Indicator]) -> None:
        self.by_domain: dict[str, Indicator] = {}
        for item in items:
            known = self.by_domain.get(item.domain)
            if known is None or _RANK[item.kind] < _RANK[known.kind]:
                self.by_domain[item.domain] = item

    def __len__(self) -> int:
        return len(self.by_domain)

    def lookup(self, host: str) -> Indicator | None:
        """The indicator of ``host`` (normalised) or of its nearest listed parent domain."""
        labels = host.strip(".").split(".")
        for start in range(len(labels) - 1):
            found = self.by_domain.get(".".join(labels[start:]))
            if found is not None:
                return found
        return None

    def domains(self, kind: str) -> frozenset[str]:
        """Every listed domain of one kind (``redirect`` for the resolver)."""
        return frozenset(d for d, item in self.by_domain.items() if item.kind == kind)


def read_indicators(lines: Iterable[str], source: str) -> list[Indicator]:
    """Parse an indicator CSV; ``source`` names the file in error messages and rows."""
    reader = domain_rows(lines, source)
    found: list[Indicator] = []
    for row in reader:
        found.append(_indicator(row, source, reader.line_num))
    if not found:
        raise BadInput("the indicator list is empty", file=source)
    return found


def _indicator(row: dict[str, str], source: str, line: int) -> Indicator:
    domain = normalise_host(row.get("domain") or "")
    if not domain or "." not in domain:
        raise BadInput(
            "expected a domain such as example.com", file=source, row=line, field="domain"
        )
    kind = (row.get("kind") or "").strip().lower() or "site-of-concern"
    if kind not in KINDS:
        raise BadInput(
            f"expected one of {', '.join(KINDS)}, not {kind!r}", file=source, row=line, field="kind"
        )
    imitates = (row.get("imitates") or "").strip()
    return Indicator(
        domain=domain,
        kind=kind,
        source=(row.get("source") or "").strip() or Path(source).name,
        source_url=(row.get("source_url") or "").strip(),
        imitates=normalise_host(imitates) if imitates else "",
        date=(row.get("date") or "").strip(),
        country=(row.get("country") or "").strip().upper(),
    )


def load_indicators(path: Path | None = None) -> Indicators:
    """Load ``path``, or the shipped file when ``path`` is None."""
    if path is None:
        return _shipped()
    if not path.is_file():
        raise BadInput("no such file", file=str(path))
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return Indicators(read_indicators(handle, str(path)))
    except UnicodeDecodeError:
        raise BadInput("not valid UTF-8 text", file=str(path)) from None


@functools.cache
def _shipped() -> Indicators:
    resource = resources.files("cdnet").joinpath(*SHIPPED)
    text = resource.read_text(encoding="utf-8-sig")
    return Indicators(read_indicators(io.StringIO(text, newline=""), "/".join(SHIPPED)))
