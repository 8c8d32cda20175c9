"""One GET of a flagged URL, directly or through a country's proxy, every hop SSRF-guarded.

The request is a plain GET with a timeout, a size cap (the body is cut there, not refused: a
re-check needs the start of a page, not all of it) and a user agent that names cdnet. Redirects
are followed here, up to ``MAX_REDIRECTS``; every hop's URL goes through the SSRF guard shared
with the evidence fetcher (:mod:`cdnet.evidence.ssrf`), so a redirect to a private address is
refused and recorded as an error, never requested.

Directly, cdnet connects to the address the guard vetted (no DNS rebinding). Through a proxy
(``CDNET_RECHECK_PROXIES``, e.g. ``DE=http://10.0.0.5:3128``) the guard still vets the URL
first, but the proxy resolves the host itself: proxies are configured by the operator and
trusted. Plain-HTTP URLs are sent to the proxy as absolute URIs; HTTPS ones through a CONNECT
tunnel with certificate verification.

HTTPS certificates are verified against the system's trusted certificates plus, when
``CDNET_RECHECK_CA_BUNDLE`` names a PEM file, the certificates in it (a network's own CA, or a
test's throwaway one). A certificate that is not trusted is an error result, never a removal.
"""

from __future__ import annotations

import http.client
import os
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from cdnet import __version__
from cdnet.analysis.resolve.guard import Target, pinned_connection
from cdnet.errors import BadInput, ConfigurationError
from cdnet.evidence.fetch import decode_body
from cdnet.evidence.ssrf import Guard, guard_from_settings

MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
USER_AGENT = f"cdnet-recheck/{__version__} (a counter-disinformation network's re-check)"
CHUNK = 64 * 1024


def timeout_seconds() -> float:
    raw = getattr(settings, "CDNET_RECHECK_TIMEOUT", None)
    return float(raw if raw is not None else os.environ.get("CDNET_RECHECK_TIMEOUT", "15"))


def max_bytes() -> int:
    raw = getattr(settings, "CDNET_RECHECK_MAX_KB", None)
    return int(raw if raw is not None else os.environ.get("CDNET_RECHECK_MAX_KB", "2048")) << 10


def parse_proxies(raw: str) -> dict[str, str]:
    """``"DE=http://127.0.0.1:8081,FR=http://…"`` → ``{"DE": "http://…", "FR": "http://…"}``."""
    proxies: dict[str, str] = {}
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        country, sep, url = (s.strip() for s in part.partition("="))
        parts = urlsplit(url)
        if not sep or len(country) != 2 or not country.isalpha():
            raise ConfigurationError(f"CDNET_RECHECK_PROXIES: {part!r} is not COUNTRY=URL")
        if parts.scheme != "http" or not parts.hostname:
            raise ConfigurationError(f"CDNET_RECHECK_PROXIES: {url!r} is not an http:// proxy")
        proxies[country.upper()] = url
    return proxies


def proxies_from_settings() -> dict[str, str]:
    """The country proxies configured by ``CDNET_RECHECK_PROXIES`` (empty when unset)."""
    raw = getattr(settings, "CDNET_RECHECK_PROXIES", None)
    return parse_proxies(raw if raw is not None else os.environ.get("CDNET_RECHECK_PROXIES", ""))


def ca_bundle() -> str:
    """The PEM file of ``CDNET_RECHECK_CA_BUNDLE`` (empty when unset)."""
    raw = getattr(settings, "CDNET_RECHECK_CA_BUNDLE", None)
    return str(raw if raw is not None else os.environ.get("CDNET_RECHECK_CA_BUNDLE", ""))


def tls_context() -> ssl.SSLContext:
    """Certificate and host name checks with the system's CAs plus ``ca_bundle()``."""
    context = ssl.create_default_context()
    bundle = ca_bundle()
    if bundle:
        try:
            context.load_verify_locations(cafile=bundle)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigurationError(
                f"CDNET_RECHECK_CA_BUNDLE: cannot load {bundle}: {exc}"
            ) from exc
    return context


@dataclass(frozen=True)
class Probe:
    """What one GET (with its redirects) saw. ``status`` is None when no answer came back."""

    url: str
    final_url: str
    status: int | None = None
    content_type: str = ""
    body: bytes = b""
    error: str = ""

    @property
    def reachable(self) -> bool:
        return self.status is not None


@dataclass(frozen=True)
class _Answer:
    status: int
    location: str
    content_type: str
    body: bytes


def _pinned_tls(target: Target, timeout: float) -> http.client.HTTPSConnection:
    """Like :func:`pinned_connection` for HTTPS, verifying with :func:`tls_context`."""
    address, context = target.address, tls_context()

    class Tls(http.client.HTTPSConnection):
        def connect(self) -> None:
            sock = socket.create_connection((address, self.port), self.timeout)
            self.sock = context.wrap_socket(sock, server_hostname=self.host)

    return Tls(target.host, target.port, timeout=timeout, context=context)


def _connection(target: Target, proxy: str, timeout: float) -> http.client.HTTPConnection:
    if not proxy:
        if target.scheme == "https":
            return _pinned_tls(target, timeout)
        return pinned_connection(target, timeout)
    parts = urlsplit(proxy)
    host, port = parts.hostname or "", parts.port or 80
    if target.scheme == "https":
        context = tls_context()
        conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
        conn.set_tunnel(target.host, target.port)
        return conn
    return http.client.HTTPConnection(host, port, timeout=timeout)


def _read(response: http.client.HTTPResponse, limit: int, deadline: float) -> bytes:
    body = bytearray()
    while len(body) < limit:
        chunk = response.read(min(CHUNK, limit - len(body)))
        if not chunk:
            break
        body.extend(chunk)
        if time.monotonic() > deadline:
            raise TimeoutError("the page took longer than the re-check timeout")
    return bytes(body)


def _get(target: Target, proxy: str, timeout: float, limit: int, deadline: float) -> _Answer:
    conn = _connection(target, proxy, timeout)
    plain_proxy = bool(proxy) and target.scheme == "http"
    path = f"http://{target.host_header}{target.request_target}" if plain_proxy else None
    try:
        conn.putrequest("GET", path or target.request_target, skip_host=True,
                        skip_accept_encoding=True)  # fmt: skip
        for name, value in (
            ("Host", target.host_header),
            ("User-Agent", USER_AGENT),
            ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
            ("Accept-Language", "en;q=1.0, *;q=0.5"),
            ("Accept-Encoding", "gzip, identity"),
            ("Connection", "close"),
        ):
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        body = _read(response, limit, deadline)
        encoding = response.getheader("Content-Encoding", "") or ""
        return _Answer(
            response.status,
            response.getheader("Location", "") or "",
            response.getheader("Content-Type", "") or "",
            decode_body(body, encoding, limit) if encoding else body,
        )
    finally:
        conn.close()


def probe(url: str, guard: Guard | None = None, proxy: str = "") -> Probe:
    """GET ``url`` (directly, or through ``proxy``), following redirects through the guard."""
    guard = guard or guard_from_settings()
    timeout, limit = timeout_seconds(), max_bytes()
    deadline = time.monotonic() + timeout * 3
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        try:
            answer = _get(guard.check(current), proxy, timeout, limit, deadline)
        except BadInput as exc:
            return Probe(url, current, error=exc.reason)
        except (OSError, http.client.HTTPException) as exc:
            return Probe(url, current, error=f"{type(exc).__name__}: {exc}")
        if answer.status not in REDIRECTS or not answer.location:
            return Probe(url, current, answer.status, answer.content_type, answer.body)
        current = urljoin(current, answer.location.strip())
    return Probe(url, current, error=f"more than {MAX_REDIRECTS} redirects")
