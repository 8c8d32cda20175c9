"""A PNG screenshot of a captured page, rendered by headless Chromium *from the captured bytes*.

Chromium never goes to the network: every request it makes goes to a proxy on loopback that this
module runs for the duration of the shot (``--proxy-bypass-list=<-loopback>``, so loopback too).
The proxy answers the page's own URL with the captured body and refuses everything else
(sub-resources, other hosts, HTTPS tunnels). So the screenshot shows exactly the bytes whose
SHA-256 is recorded, the SSRF guard cannot be bypassed through the browser, and nothing is
downloaded. Scripts are blocked by a Content-Security-Policy header on the served page. Images,
styles and fonts of the page are therefore missing: the screenshot shows the captured document's
text and layout, not the live site.

When Chromium is missing (``settings.CHROMIUM_PATH``, env ``CDNET_CHROMIUM``) or fails or times
out, there is no screenshot and ``Shot.note`` says why; the capture goes on without it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings

PAGE_URL = "http://captured-page.cdnet.invalid/"
# No scripts, no connections; inline styles and data: images still render.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
RENDERABLE = ("text/html", "application/xhtml+xml", "text/plain", "image/")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--no-first-run", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
    "--mute-audio", "--disable-extensions", "--proxy-bypass-list=<-loopback>",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp", "--window-size=1280,2000",
]  # fmt: skip


@dataclass(frozen=True)
class Shot:
    """The PNG, or None with the reason in ``note``."""

    png: bytes | None
    note: str


def _handler(body: bytes, content_type: str) -> type[BaseHTTPRequestHandler]:
    class Offline(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != PAGE_URL:
                self.send_error(404, "offline rendering: only the captured page is served")
                return
            self.send_response(200)
            self.send_header("Content-Type", content_type or "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", CSP)
            self.end_headers()
            self.wfile.write(body)

        def do_CONNECT(self) -> None:
            self.send_error(403, "offline rendering: no tunnels")

        def log_message(self, format: str, *args: object) -> None:
            return

    return Offline


def _run(command: list[str], timeout: float) -> str:
    """Run Chromium in its own process group; kill the whole group on timeout."""
    proc = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return f"Chromium did not finish within {timeout:.0f} seconds"
    return "" if proc.returncode == 0 else f"Chromium exited with {proc.returncode}: {err[-300:]!r}"


def take(body: bytes, content_type: str) -> Shot:
    """Render ``body`` (served as ``content_type``) offline and return its PNG screenshot."""
    chromium = str(getattr(settings, "CHROMIUM_PATH", "/usr/bin/chromium"))
    if not Path(chromium).is_file():
        return Shot(None, f"no screenshot: Chromium not found at {chromium}")
    if not content_type.lower().startswith(RENDERABLE):
        return Shot(None, f"no screenshot: {content_type or 'unknown type'} is not rendered")
    timeout = max(30.0, float(getattr(settings, "EVIDENCE_FETCH_TIMEOUT", 20)))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(body, content_type))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with tempfile.TemporaryDirectory(prefix="cdnet-shot-") as tmp:
            png = Path(tmp) / "shot.png"
            proxy = f"--proxy-server=http://127.0.0.1:{server.server_address[1]}"
            argv = [chromium, *FLAGS, proxy, f"--user-data-dir={tmp}/profile"]
            failure = _run([*argv, f"--screenshot={png}", PAGE_URL], timeout)
            data = png.read_bytes() if png.is_file() else b""
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    if not data.startswith(PNG_MAGIC):
        return Shot(None, f"no screenshot: {failure or 'Chromium wrote no PNG'}")
    return Shot(data, "rendered offline by headless Chromium from the captured bytes")
