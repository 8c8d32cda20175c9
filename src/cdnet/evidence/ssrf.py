"""The SSRF guard of the evidence fetcher: which URLs cdnet may fetch, and at which address.

A URL is fetched only when its scheme is http or https, it carries no user name or password, and
*every* address its host resolves to (all A and AAAA records) is public. Loopback, private,
link-local (incl. 169.254.169.254, the cloud metadata service), multicast, reserved, unspecified,
shared (CGNAT, 100.64.0.0/10) and every other not globally routable range is refused, also when
hidden inside an IPv6 address (IPv4-mapped ``::ffff:a.b.c.d``, 6to4, NAT64 ``64:ff9b::/96``).

The host is resolved once; the fetcher connects to the vetted address (never resolving again), so
a DNS answer that changes between the check and the connection (DNS rebinding) cannot redirect it.

Two ways to let a private address through:

- ``settings.EVIDENCE_ALLOW_PRIVATE`` (env ``CDNET_EVIDENCE_ALLOW_PRIVATE=1``) allows them all;
- ``Guard(allowed={("127.0.0.1", 8080)})`` allows exactly those (address, port) pairs, e.g. for a
  test server; every other address is still checked. ``Guard(resolver=...)`` replaces DNS.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings

from cdnet.errors import BadInput

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

SCHEMES = {"http": 80, "https": 443}
SHARED = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class UnsafeAddress(BadInput):
    """The URL's host is (or resolves to) an address the fetcher must not reach."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address (A and AAAA) of ``host``, in the resolver's order, without duplicates."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise BadInput(f"the host {host} could not be resolved ({exc})", field="url") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def unsafe_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` must not be fetched ("a loopback address", …), or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_v4(ip)
        if inner is not None:
            reason = unsafe_reason(inner)
            return f"{reason} (embedded in an IPv6 address)" if reason else None
    checks = [
        (ip.is_unspecified, "the unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip in SHARED, "a shared (CGNAT) address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "an address that is not globally routable"),
    ]
    return next((reason for hit, reason in checks if hit), None)


@dataclass(frozen=True)
class Target:
    """A vetted URL: connect to ``address`` and send ``host`` as Host header and TLS SNI."""

    url: str
    scheme: str
    host: str
    port: int
    address: str
    request_target: str

    @property
    def host_header(self) -> str:
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == SCHEMES[self.scheme] else f"{name}:{self.port}"


def _ascii_host(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise BadInput(f"the host name {host!r} is not valid", field="url") from exc


def _split(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise BadInput(f"only http and https URLs can be captured, not {url!r}", field="url")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise BadInput("URLs with a user name or password are refused", field="url")
    if not parts.hostname:
        raise BadInput(f"the URL {url!r} has no host", field="url")
    try:
        port = parts.port or SCHEMES[scheme]
    except ValueError as exc:
        raise BadInput(f"the URL {url!r} has an invalid port", field="url") from exc
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    return scheme, _ascii_host(parts.hostname), port, target


@dataclass
class Guard:
    """Checks URLs before every hop of a fetch. Build it with :func:`guard_from_settings`."""

    allow_private: bool = False
    allowed: Collection[tuple[str, int]] = field(default_factory=frozenset)
    resolver: Resolver = system_resolver

    def check(self, url: str) -> Target:
        """The vetted target of ``url``; raises UnsafeAddress or BadInput when it is refused."""
        scheme, host, port, request_target = _split(url)
        addresses = self._addresses(host, port)
        if not addresses:
            raise BadInput(f"the host {host} has no address", field="url")
        for address in addresses:
            self._vet(host, port, address)
        return Target(url.strip(), scheme, host, port, addresses[0], request_target)

    def _addresses(self, host: str, port: int) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            return self.resolver(host, port)

    def _vet(self, host: str, port: int, address: str) -> None:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if self.allow_private or (str(ip), port) in self.allowed:
            return
        reason = unsafe_reason(ip)
        if reason is not None:
            raise UnsafeAddress(
                f"refused to fetch from {host}: it resolves to {ip}, {reason} "
                "(set CDNET_EVIDENCE_ALLOW_PRIVATE=1 to allow private addresses)",
                field="url",
            )


def guard_from_settings(
    allowed: Collection[tuple[str, int]] = frozenset(), resolver: Resolver | None = None
) -> Guard:
    """The guard configured by ``settings.EVIDENCE_ALLOW_PRIVATE`` (default off)."""
    allow = bool(getattr(settings, "EVIDENCE_ALLOW_PRIVATE", False))
    return Guard(allow, frozenset(allowed), resolver or system_resolver)
