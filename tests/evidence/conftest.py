"""Evidence fixtures: a real web server on loopback, a fresh evidence store, cases to attach to."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from evidence_helpers import PAGE


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen_hosts: list[str] = []

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        Handler.seen_hosts.append(self.headers.get("Host", ""))
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        if parts.path == "/page":
            self._send(200, PAGE, {"Content-Type": "text/html; charset=utf-8"})
        elif parts.path == "/gzip":
            self._send(
                200, gzip.compress(PAGE), {"Content-Type": "text/html", "Content-Encoding": "gzip"}
            )
        elif parts.path == "/redirect":
            self._send(302, b"", {"Location": query["to"][0]})
        else:
            self._send(404, b"not here", {"Content-Type": "text/plain"})

    def log_message(self, format: str, *args: Any) -> None:
        return


@dataclass
class PageServer:
    host: str
    port: int

    @property
    def seen_hosts(self) -> list[str]:
        """The Host header of every request the server answered."""
        return Handler.seen_hosts

    def url(self, path: str = "/page") -> str:
        return f"http://{self.host}:{self.port}{path}"


@pytest.fixture
def page_server() -> Iterator[PageServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Handler.seen_hosts = []
    yield PageServer("127.0.0.1", server.server_address[1])
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(autouse=True)
def evidence_store(settings: Any, tmp_path: Any) -> Any:
    """Each test writes to its own evidence store."""
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


@pytest.fixture
def allow_private(settings: Any) -> None:
    settings.EVIDENCE_ALLOW_PRIVATE = True
