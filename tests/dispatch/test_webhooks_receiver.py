"""A webhook receiver on loopback (used by the other dispatch tests too), and its signatures.

The receiver does what a real one should: it checks the signature and the timestamp, and it keeps
the first request per Idempotency-Key and acknowledges repeats without storing them again.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from cdnet.dispatch.channels.webhook import sign, verify_signature

SECRET = "s3cret-shared-with-the-platform"


@dataclass
class WebhookReceiver:
    secret: str = SECRET
    #: every request as received: (headers, body)
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    #: what was kept, by Idempotency-Key (repeats are acknowledged, not kept again)
    kept: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: statuses to answer with before answering 200 (e.g. [503, 503])
    script: list[int] = field(default_factory=list)
    url: str = ""

    def handle(self, headers: dict[str, str], body: bytes) -> int:
        self.requests.append((headers, body))
        if self.script:
            return self.script.pop(0)
        ok = verify_signature(
            self.secret,
            headers.get("X-Cdnet-Timestamp", ""),
            body,
            headers.get("X-Cdnet-Signature", ""),
        )
        if not ok:
            return 401
        self.kept.setdefault(headers["Idempotency-Key"], json.loads(body))
        return 200


@contextmanager
def running(receiver: WebhookReceiver) -> Iterator[WebhookReceiver]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status = receiver.handle(dict(self.headers.items()), body)
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok" if status == 200 else b"no")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/cdnet"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    with running(WebhookReceiver()) as receiver:
        yield receiver


def test_a_signature_made_with_the_shared_secret_verifies():
    body = b'{"alert": 1}'
    now = str(int(time.time()))
    assert verify_signature(SECRET, now, body, sign(SECRET, now, body))


def test_the_signature_is_an_hmac_sha256_over_timestamp_dot_body():
    import hashlib
    import hmac

    expected = hmac.new(b"k", b"1700000000.{}", hashlib.sha256).hexdigest()
    assert sign("k", "1700000000", b"{}") == f"sha256={expected}"


def test_a_tampered_body_does_not_verify():
    now = str(int(time.time()))
    header = sign(SECRET, now, b'{"tlp": "AMBER"}')
    assert not verify_signature(SECRET, now, b'{"tlp": "CLEAR"}', header)


def test_another_secret_does_not_verify():
    now = str(int(time.time()))
    assert not verify_signature(SECRET, now, b"{}", sign("guessed", now, b"{}"))


def test_an_old_timestamp_is_refused_even_with_a_valid_signature():
    old = str(int(time.time()) - 3600)
    assert not verify_signature(SECRET, old, b"{}", sign(SECRET, old, b"{}"), tolerance=300)
    assert verify_signature(SECRET, old, b"{}", sign(SECRET, old, b"{}"), tolerance=7200)


def test_a_timestamp_that_is_not_a_number_is_refused():
    assert not verify_signature(SECRET, "yesterday", b"{}", sign(SECRET, "yesterday", b"{}"))


def test_the_receiver_keeps_one_message_per_idempotency_key(webhook):
    import urllib.request

    body = b'{"x": 1}'
    for _ in range(2):
        now = str(int(time.time()))
        request = urllib.request.Request(
            webhook.url,
            data=body,
            headers={
                "Idempotency-Key": "k-1",
                "X-Cdnet-Timestamp": now,
                "X-Cdnet-Signature": sign(SECRET, now, body),
            },
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200
    assert len(webhook.requests) == 2
    assert list(webhook.kept) == ["k-1"]
