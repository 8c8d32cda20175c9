"""The SSRF guard shared by every part of cdnet that reaches out: which URLs it may request.

A URL passes only when its scheme is http or https, it carries no user name or password, and
*every* address its host resolves to (all A and AAAA records) is public. Loopback, private,
link-local (incl. 169.254.169.254, the cloud metadata service), multicast, reserved, unspecified,
shared (CGNAT, 100.64.0.0/10) and every other not globally routable range is refused, also when
hidden inside an IPv6 address (IPv4-mapped ``::ffff:a.b.c.d``, 6to4, NAT64 ``64:ff9b::/96``).

The host is resolved once; callers connect to the vetted address (never resolving again), so a
DNS answer that changes between the check and the connection (DNS rebinding) cannot redirect
them. ``Guard(allowed={("127.0.0.1", 8080)})`` lets exactly those (address, port) pairs through
(test servers); ``Guard(allow_private=True)`` lets every private address through. This module is
Django-free: the evidence fetcher (``cdnet.evidence.ssrf``) and the redirect resolver of the
analysis side both use it.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from cdnet.errors import BadInput

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

SCHEMES = {"http": 80, "https": 443}
SHARED = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class UnsafeAddress(BadInput):
    """The URL's host is (or resolves to) an address cdnet must not reach."""


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
    """Why ``ip`` must not be reached ("a loopback address", …), or None when it is public."""
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


def split_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, ASCII host, port, request target) of an http(s) URL; BadInput otherwise."""
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
    """Checks URLs before every hop. ``hint`` ends the refusal message (how to allow it)."""

    allow_private: bool = False
    allowed: Collection[tuple[str, int]] = field(default_factory=frozenset)
    resolver: Resolver = system_resolver
    hint: str = ""

    def check(self, url: str) -> Target:
        """The vetted target of ``url``; raises UnsafeAddress or BadInput when it is refused."""
        scheme, host, port, request_target = split_url(url)
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
            hint = f" ({self.hint})" if self.hint else ""
            raise UnsafeAddress(
                f"refused to fetch from {host}: it resolves to {ip}, {reason}{hint}", field="url"
            )


def pinned_connection(target: Target, timeout: float) -> http.client.HTTPConnection:
    """A connection to the address the guard vetted, naming the host in Host and TLS SNI.

    Connecting to ``target.address`` (not resolving the host again) closes the DNS-rebinding
    gap between the check and the request.
    """
    address = target.address

    class Plain(http.client.HTTPConnection):
        def connect(self) -> None:
            self.sock = socket.create_connection((address, self.port), self.timeout)

    context = ssl.create_default_context()

    class Tls(http.client.HTTPSConnection):
        def connect(self) -> None:
            sock = socket.create_connection((address, self.port), self.timeout)
            self.sock = context.wrap_socket(sock, server_hostname=self.host)

    if target.scheme == "https":
        return Tls(target.host, target.port, timeout=timeout, context=context)
    return Plain(target.host, target.port, timeout=timeout)
