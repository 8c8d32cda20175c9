"""Resolve redirect chains safely: shortener and redirect URLs to the URL they finally point to.

Every hop goes through the SSRF guard (:mod:`cdnet.analysis.resolve.guard`) and connects to the
address the guard vetted. A hop is a HEAD request (a GET, closed right after the headers, when
the server refuses HEAD); no body is ever read. Redirects (301, 302, 303, 307, 308) are followed
here, up to ``max_hops``, each with its own timeout. A URL the guard refuses ends the chain: its
name is kept (the detector only needs the final domain's name), it is never requested.
Results are cached per resolver, i.e. per run.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from urllib.parse import urljoin

from cdnet import __version__
from cdnet.analysis.resolve.guard import Guard, Target, pinned_connection
from cdnet.errors import BadInput

REDIRECTS = frozenset({301, 302, 303, 307, 308})
USER_AGENT = f"cdnet-resolve/{__version__}"


@dataclass(frozen=True)
class Chain:
    """The URLs from the first to the last seen, and why it stopped early ("" when it did not)."""

    urls: tuple[str, ...]
    error: str = ""

    @property
    def final(self) -> str:
        return self.urls[-1]

    @property
    def redirected(self) -> bool:
        return len(self.urls) > 1


def _ask(target: Target, method: str, timeout: float) -> tuple[int, str]:
    """(status, Location) of one request; the body is never read."""
    conn = pinned_connection(target, timeout)
    try:
        conn.putrequest(method, target.request_target, skip_host=True, skip_accept_encoding=True)
        for name, value in (
            ("Host", target.host_header),
            ("User-Agent", USER_AGENT),
            ("Accept", "*/*"),
            ("Connection", "close"),
        ):
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.getheader("Location", "") or ""
    except (OSError, http.client.HTTPException) as exc:
        raise BadInput(f"requesting {target.url} failed: {exc}", field="url") from exc
    finally:
        conn.close()


class ChainResolver:
    """Follows redirects hop by hop through the guard; one instance per run (it caches)."""

    def __init__(self, guard: Guard, max_hops: int = 5, timeout: float = 5.0) -> None:
        self.guard = guard
        self.max_hops = max_hops
        self.timeout = timeout
        self.cache: dict[str, Chain] = {}

    def resolve(self, url: str) -> Chain:
        """The chain starting at ``url`` (cached)."""
        if url not in self.cache:
            self.cache[url] = self._follow(url)
        return self.cache[url]

    def _follow(self, url: str) -> Chain:
        urls = [url]
        for _ in range(self.max_hops):
            try:
                target = self.guard.check(urls[-1])
                status, location = _ask(target, "HEAD", self.timeout)
                if status in (405, 501):
                    status, location = _ask(target, "GET", self.timeout)
            except BadInput as exc:
                return Chain(tuple(urls), exc.reason)
            if status not in REDIRECTS or not location:
                return Chain(tuple(urls))
            urls.append(urljoin(urls[-1], location.strip()))
        return Chain(tuple(urls), f"stopped after {self.max_hops} redirects")
