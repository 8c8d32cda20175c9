"""The SSRF guard of the evidence fetcher: which URLs cdnet may fetch, and at which address.

The checks live in :mod:`cdnet.analysis.resolve.guard` (Django-free, shared with the redirect
resolver of ``lookalike-domains``): http(s) only, no credentials, and *every* address the host
resolves to must be public (loopback, private, link-local incl. 169.254.169.254, multicast,
reserved, unspecified, CGNAT and IPv6 forms that embed them are refused). The host is resolved
once and the fetcher connects to the vetted address, so DNS rebinding cannot redirect it.

Two ways to let a private address through:

- ``settings.EVIDENCE_ALLOW_PRIVATE`` (env ``CDNET_EVIDENCE_ALLOW_PRIVATE=1``) allows them all;
- ``Guard(allowed={("127.0.0.1", 8080)})`` allows exactly those (address, port) pairs, e.g. for a
  test server; every other address is still checked. ``Guard(resolver=...)`` replaces DNS.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings

from cdnet.analysis.resolve import guard as _shared
from cdnet.analysis.resolve.guard import (
    NAT64,
    SCHEMES,
    SHARED,
    IPAddress,
    Resolver,
    Target,
    UnsafeAddress,
    system_resolver,
    unsafe_reason,
)

__all__ = [
    "NAT64",
    "SCHEMES",
    "SHARED",
    "Guard",
    "IPAddress",
    "Resolver",
    "Target",
    "UnsafeAddress",
    "guard_from_settings",
    "system_resolver",
    "unsafe_reason",
]

HINT = "set CDNET_EVIDENCE_ALLOW_PRIVATE=1 to allow private addresses"


@dataclass
class Guard(_shared.Guard):
    """Checks URLs before every hop of a fetch. Build it with :func:`guard_from_settings`."""

    hint: str = HINT


def guard_from_settings(
    allowed: Collection[tuple[str, int]] = frozenset(), resolver: Resolver | None = None
) -> Guard:
    """The guard configured by ``settings.EVIDENCE_ALLOW_PRIVATE`` (default off)."""
    allow = bool(getattr(settings, "EVIDENCE_ALLOW_PRIVATE", False))
    return Guard(allow, frozenset(allowed), resolver or system_resolver)
