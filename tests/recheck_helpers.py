"""Real servers on loopback for the re-check tests (tests/recheck, tests/e2e): an origin and small
forward proxies.

The origin answers each path with what a test sets per vantage point: ``""`` for a direct
request, ``"DE"`` for one that came through the DE proxy. Like a geo-blocking site, it tells
vantage points apart by the client's address: each country's proxy connects from its own
loopback address (``EXITS``); plain-HTTP requests also carry ``X-Vantage: DE``. The proxies
forward plain-HTTP GETs with absolute URIs and open ``CONNECT`` tunnels (for HTTPS) that relay
bytes both ways and add nothing, like a real forward proxy would.

With ``Origin(tls=certificate(tmp_path))`` the origin speaks HTTPS with a throwaway
self-signed certificate for 127.0.0.1, made with ``cryptography``.
"""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import select
import socket
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

Answer = tuple[int, dict[str, str], bytes]

PAGE = b"<html><head><title>Post</title></head><body><p>%s</p></body></html>"


EXITS = {"DE": "127.0.0.2", "FR": "127.0.0.3"}  # the address each country's proxy connects from


def page(text: str, status: int = 200, **headers: str) -> Answer:
    return status, {"Content-Type": "text/html; charset=utf-8", **headers}, PAGE % text.encode()


@dataclass(frozen=True)
class Certificate:
    cert: Path  # PEM, also the CA bundle that trusts it
    key: Path


def certificate(folder: Path, name: str = "origin") -> Certificate:
    """A throwaway self-signed certificate for 127.0.0.1 (and localhost), valid for a day."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"cdnet test {name}")])
    now = dt.datetime.now(dt.UTC)
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    made = Certificate(folder / f"{name}.pem", folder / f"{name}.key")
    made.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    made.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return made


class TlsServer(ThreadingHTTPServer):
    """Wraps each accepted connection in TLS in its own thread (a failed handshake ends it)."""

    context: ssl.SSLContext

    def finish_request(self, request: Any, client_address: Any) -> None:
        try:
            wrapped = self.context.wrap_socket(request, server_side=True)
        except OSError:  # the client refused the certificate, or went away
            return
        try:
            super().finish_request(wrapped, client_address)
        finally:
            wrapped.close()


def _vantage_of(headers: Any, client_address: Any) -> str:
    by_address = {address: country for country, address in EXITS.items()}
    return headers.get("X-Vantage", "") or by_address.get(client_address[0], "")


@dataclass
class Origin:
    """A web server whose answers a test sets per path and vantage point."""

    tls: Certificate | None = None
    routes: dict[str, dict[str, Answer]] = field(default_factory=dict)
    hits: list[tuple[str, str, str]] = field(default_factory=list)
    server: Any = None

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def url(self, path: str) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def answer(self, path: str, default: Answer, **per_vantage: Answer) -> None:
        self.routes[path] = {"": default, **per_vantage}

    def start(self) -> Origin:
        origin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                vantage = _vantage_of(self.headers, self.client_address)
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

        if self.tls is None:
            self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        else:
            self.server = TlsServer(("127.0.0.1", 0), Handler)
            self.server.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.server.context.load_cert_chain(self.tls.cert, self.tls.key)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _relay(client: socket.socket, upstream: socket.socket) -> None:
    """Copy bytes both ways until one side closes (or both are idle for 10 s)."""
    other = {client: upstream, upstream: client}
    while True:
        readable, _, _ = select.select(list(other), [], [], 10)
        if not readable:
            return
        for sock in readable:
            data = sock.recv(64 * 1024)
            if not data:
                return
            other[sock].sendall(data)


@dataclass
class Proxy:
    """A forward proxy: plain-HTTP GETs (marked ``X-Vantage: <country>``) and CONNECT tunnels.

    It connects to origins from its country's exit address (``EXITS``). ``requests`` lists the
    absolute URIs it forwarded, ``tunnels`` the ``host:port`` of each tunnel it opened."""

    country: str
    requests: list[str] = field(default_factory=list)
    tunnels: list[str] = field(default_factory=list)
    server: Any = None

    @property
    def exit_address(self) -> str:
        return EXITS.get(self.country, "127.0.0.1")

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
                upstream = http.client.HTTPConnection(
                    parts.hostname, parts.port or 80, timeout=5,
                    source_address=(proxy.exit_address, 0),
                )  # fmt: skip
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

            def do_CONNECT(self) -> None:
                host, _, port = self.path.rpartition(":")
                try:
                    upstream = socket.create_connection(
                        (host, int(port)), timeout=5, source_address=(proxy.exit_address, 0)
                    )
                except (OSError, ValueError):
                    self.send_error(502, "cannot reach the origin")
                    return
                proxy.tunnels.append(self.path)
                with upstream:
                    self.send_response(200, "Connection established")
                    self.end_headers()
                    _relay(self.connection, upstream)
                self.close_connection = True

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
