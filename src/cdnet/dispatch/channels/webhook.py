"""Webhooks: a JSON POST over HTTP(S), signed with HMAC-SHA256 over ``"<timestamp>.<body>"``.

Headers: ``Idempotency-Key`` (the delivery's key: the same on every attempt, so a receiver keeps
the first and acknowledges the repeats), ``X-Cdnet-Timestamp`` (Unix seconds) and
``X-Cdnet-Signature: sha256=<hex>``. Receivers check with :func:`verify_signature`.
No redirects are followed; 2xx is success, 408/429/5xx are retried, other statuses are final.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from cdnet.dispatch.channels import PermanentDeliveryError, TransientDeliveryError
from cdnet.dispatch.models import Delivery
from cdnet.dispatch.rendering import render_delivery

USER_AGENT = "cdnet-webhook/1"
RETRY_STATUSES = frozenset({408, 429})


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`` with the channel's secret."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def verify_signature(
    secret: str,
    timestamp: str,
    body: bytes,
    header: str,
    tolerance: float = 300,
    now: float | None = None,
) -> bool:
    """Whether ``header`` signs ``body`` at ``timestamp`` with ``secret``, and the timestamp is
    within ``tolerance`` seconds of ``now`` (refuses replays of old requests)."""
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    current = time.time() if now is None else now
    if abs(current - sent) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), header.strip())


def body_of(delivery: Delivery, data: dict[str, Any]) -> bytes:
    """The JSON body: delivery metadata plus the renderer's machine-readable data."""
    document = {
        "delivery": {
            "id": delivery.pk,
            "kind": delivery.kind,
            "idempotency_key": delivery.idempotency_key,
            "alert": delivery.alert_id,
            "alert_version": delivery.alert_version,
            "recipient": delivery.recipient_id,
            "language": delivery.language,
            "subject": delivery.subject,
            "created_at": delivery.created_at.isoformat(),
        },
        "data": data,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


def _connection(url: str) -> tuple[http.client.HTTPConnection, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PermanentDeliveryError(f"webhook address must be an http(s) URL, got {url!r}")
    timeout = float(getattr(settings, "CDNET_WEBHOOK_TIMEOUT", 10))
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = cls(parts.hostname, parts.port, timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return connection, path


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    connection, path = _connection(url)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(2000).decode("utf-8", "replace")
        return response.status, text
    except (OSError, http.client.HTTPException) as exc:
        raise TransientDeliveryError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        connection.close()


def send(delivery: Delivery) -> None:
    channel = delivery.recipient_channel
    if channel is None or not channel.secret:
        raise PermanentDeliveryError("webhook channel has no signing secret")
    body = body_of(delivery, dict(render_delivery(delivery).data))
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "Idempotency-Key": delivery.idempotency_key,
        "X-Cdnet-Delivery": str(delivery.pk),
        "X-Cdnet-Timestamp": timestamp,
        "X-Cdnet-Signature": sign(channel.secret, timestamp, body),
    }
    status, text = _post(delivery.address, body, headers)
    if 200 <= status < 300:
        return
    error = f"HTTP {status}: {text.strip()[:500]}"
    if status >= 500 or status in RETRY_STATUSES:
        raise TransientDeliveryError(error)
    raise PermanentDeliveryError(error)
