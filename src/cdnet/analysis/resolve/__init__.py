"""Redirect chains: which shortener or redirect URLs are worth resolving, and resolving them.

``guard`` is the SSRF guard (shared with the evidence fetcher), ``chains`` follows redirects hop
by hop through it, and :func:`load_shorteners` reads the shipped list of URL shorteners and
redirect services (``cdnet/data/indicators/shorteners.txt``). Nothing here runs unless a caller
asks for it: ``lookalike-domains`` only resolves with ``--resolve``.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from cdnet.analysis.reference.protected import normalise_host
from cdnet.errors import BadInput

SHIPPED = ("data", "indicators", "shorteners.txt")


def parse_hosts(text: str) -> frozenset[str]:
    """Host names from a text with one a line; blank lines and ``#`` comments are skipped."""
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(normalise_host(line) for line in lines if line)


def load_shorteners(path: Path | None = None) -> frozenset[str]:
    """The hosts whose links are resolved: ``path`` or the shipped list."""
    if path is None:
        return _shipped()
    if not path.is_file():
        raise BadInput("no such file", file=str(path))
    return parse_hosts(path.read_text(encoding="utf-8-sig"))


@functools.cache
def _shipped() -> frozenset[str]:
    return parse_hosts(resources.files("cdnet").joinpath(*SHIPPED).read_text(encoding="utf-8"))


def listed(host: str, hosts: frozenset[str]) -> bool:
    """True when ``host`` or one of its parent domains is in ``hosts``."""
    labels = host.strip(".").split(".")
    return any(".".join(labels[i:]) in hosts for i in range(len(labels) - 1))
