"""Real servers on loopback for the re-check tests: an origin and small forward proxies.

The origin answers each path with what a test sets per vantage point: ``""`` for a direct
request, ``"DE"`` for one that came through the DE proxy (which adds ``X-Vantage: DE``). The
proxies forward plain-HTTP GETs with absolute URIs, like a real forward proxy would.
"""

from __future__ import annotations

import http.client
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

Answer = tuple[int, dict[str, str], bytes]

PAGE = b"<html><head><title>Post</title></head><body><p>%s</p></body></html>"


def page(text: str, status: int = 200, **headers: str) -> Answer:
    return status, {"Content-Type": "text/html; charset=utf-8", **headers}, PAGE % text.encode()


@dataclass
class Origin:
    """A web server whose answers a test sets per path and vantage point."""

    routes: dict[str, dict[str, Answer]] = field(default_factory=dict)
    hits: list[tuple[str, str, str]] = field(default_factory=list)
    server: Any = None

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, path: str, default: Answer, **per_vantage: Answer) -> None:
        self.routes[path] = {"": default, **per_vantage}

    def start(self) -> Origin:
        origin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                vantage = self.headers.get("X-Vantage", "")
                path = urlsplit(self.path).path
                origin.hits.append((path, vantage, self.headers.get("User-Agent", "")))
                answers = origin.routes.get(path, {})
                status, headers, body = answers.get(vantage) or answers.get(
                    "", (404, {"Content-Type": "text/plain"}, b"no such page")
                )
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Proxy:
    """A forward proxy for plain HTTP that marks each request with ``X-Vantage: <country>``."""

    country: str
    requests: list[str] = field(default_factory=list)
    server: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> Proxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy.requests.append(self.path)
                parts = urlsplit(self.path)
                if parts.scheme != "http" or not parts.hostname:
                    self.send_error(400, "absolute http URI expected")
                    return
                upstream = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=5)
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
                upstream.request("GET", path, headers={**headers, "X-Vantage": proxy.country})
                response = upstream.getresponse()
                body = response.read()
                self.send_response(response.status)
                for name, value in response.getheaders():
                    if name.lower() not in ("connection", "transfer-encoding", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                upstream.close()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
