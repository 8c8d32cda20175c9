"""Fetch one web page for evidence: the stdlib's http.client, every hop checked by the SSRF guard.

Redirects are followed here (never by a library), up to ``MAX_REDIRECTS``, and every hop's URL
goes through :class:`cdnet.evidence.ssrf.Guard` again. The connection goes to the address the guard
vetted; the host name is sent as the Host header and as TLS SNI (certificates are verified).
Each hop keeps the exact bytes sent and received (status line, headers, body as transmitted), for
the WARC. Reads stop at a size cap and a deadline.
"""

from __future__ import annotations

import http.client
import time
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from django.conf import settings

from cdnet import __version__
from cdnet.analysis.resolve.guard import pinned_connection
from cdnet.errors import BadInput
from cdnet.evidence.ssrf import Guard, Target, guard_from_settings

MAX_REDIRECTS = 5
REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = f"cdnet-evidence/{__version__} (+https://github.com/cdnet)"
CHUNK = 64 * 1024


class FetchFailed(BadInput):
    """The page could not be fetched (connection, TLS, timeout, size)."""


@dataclass
class Hop:
    """One request and its response, with the raw bytes of both."""

    url: str
    address: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    raw_request: bytes
    raw_response: bytes
    body: bytes = b""

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")


@dataclass
class Capture:
    """The result of a fetch: every hop; the last one is the page."""

    hops: list[Hop] = field(default_factory=list)
    started: float = 0.0

    @property
    def final(self) -> Hop:
        return self.hops[-1]


class _Recorder:
    """A file wrapper that keeps a copy of every byte http.client reads from the socket."""

    def __init__(self, fp: Any, sink: bytearray, limit: int, deadline: float) -> None:
        self._fp, self._sink, self._limit, self._deadline = fp, sink, limit, deadline

    def _keep(self, data: bytes) -> bytes:
        self._sink.extend(data)
        if len(self._sink) > self._limit:
            raise FetchFailed(f"the page is larger than the limit of {self._limit} bytes")
        if time.monotonic() > self._deadline:
            raise FetchFailed("the page took longer than the fetch timeout")
        return data

    def readline(self, limit: int = -1) -> bytes:
        return self._keep(self._fp.readline(limit))

    def read(self, n: int = -1) -> bytes:
        return self._keep(self._fp.read(n))

    def read1(self, n: int = -1) -> bytes:
        return self._keep(self._fp.read1(n))

    def readinto(self, buffer: Any) -> int:
        count = int(self._fp.readinto(buffer))
        self._keep(bytes(memoryview(buffer)[:count]))
        return count

    def peek(self, n: int = 0) -> bytes:
        return bytes(self._fp.peek(n))

    def close(self) -> None:
        self._fp.close()

    def flush(self) -> None:
        self._fp.flush()


def _request_headers(target: Target) -> list[tuple[str, str]]:
    return [
        ("Host", target.host_header),
        ("User-Agent", USER_AGENT),
        ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
        ("Accept-Encoding", "gzip, deflate"),
        ("Connection", "close"),
    ]


def _raw_request(target: Target, headers: list[tuple[str, str]]) -> bytes:
    lines = [f"GET {target.request_target} HTTP/1.1", *(f"{k}: {v}" for k, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _one_hop(target: Target, timeout: float, limit: int, deadline: float) -> Hop:
    conn = pinned_connection(target, timeout)
    headers = _request_headers(target)
    raw = bytearray()
    response: http.client.HTTPResponse | None = None
    try:
        conn.putrequest("GET", target.request_target, skip_host=True, skip_accept_encoding=True)
        for name, value in headers:
            conn.putheader(name, value)
        conn.endheaders()
        assert conn.sock is not None  # noqa: S101 - endheaders connected it
        response = http.client.HTTPResponse(conn.sock, method="GET")
        response.fp = _Recorder(response.fp, raw, limit, deadline)  # type: ignore[assignment]
        response.begin()
        body = bytearray()
        while chunk := response.read(CHUNK):
            body.extend(chunk)
        return Hop(
            target.url, target.address, response.status, response.reason,
            list(response.getheaders()), _raw_request(target, headers), bytes(raw),
            decode_body(bytes(body), response.getheader("Content-Encoding", ""), limit),
        )  # fmt: skip
    except (OSError, http.client.HTTPException) as exc:
        raise FetchFailed(f"fetching {target.url} failed: {exc}", field="url") from exc
    finally:
        if response is not None:
            response.close()
        conn.close()


def decode_body(body: bytes, encoding: str, limit: int) -> bytes:
    """The body without its Content-Encoding (gzip, deflate); other encodings are kept as is."""
    encoding = encoding.strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        wbits = 47 if encoding != "deflate" else 15
        try:
            inflater = zlib.decompressobj(wbits)
            data = inflater.decompress(body, limit + 1)
        except zlib.error:
            if encoding != "deflate":
                raise FetchFailed("the page's gzip encoding is corrupt") from None
            data = zlib.decompressobj(-15).decompress(body, limit + 1)
        if len(data) > limit:
            raise FetchFailed(f"the decoded page is larger than the limit of {limit} bytes")
        return data
    return body


def fetch(url: str, guard: Guard | None = None) -> Capture:
    """Fetch ``url`` (following up to MAX_REDIRECTS redirects, each hop guarded)."""
    guard = guard or guard_from_settings()
    timeout = float(getattr(settings, "EVIDENCE_FETCH_TIMEOUT", 20))
    limit = int(getattr(settings, "EVIDENCE_MAX_UPLOAD_BYTES", 50 << 20))
    capture = Capture(started=time.time())
    deadline = time.monotonic() + timeout * 3
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        hop = _one_hop(guard.check(current), timeout, limit, deadline)
        capture.hops.append(hop)
        location = hop.header("Location")
        if hop.status not in REDIRECTS or not location:
            return capture
        current = urljoin(current, location)
    raise FetchFailed(f"{url} redirected more than {MAX_REDIRECTS} times", field="url")
