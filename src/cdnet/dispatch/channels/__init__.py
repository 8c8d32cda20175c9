"""Channels send one rendered delivery: e-mail over SMTP, webhooks over HTTP(S).

A channel either returns (the receiver accepted the message) or raises
:class:`TransientDeliveryError` (try again later) or :class:`PermanentDeliveryError` (do not).
Every send carries the delivery's idempotency key, so a message that is sent again after a crash
can be recognised by the receiver as the one it already has.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from cdnet.errors import DeliveryFailed

if TYPE_CHECKING:
    from cdnet.dispatch.models import Delivery

#: Test hook: with this set to a file path, the worker writes that file right after a channel
#: reported a successful send and then waits, before it records the send; the test kills it there
#: with SIGKILL. Never set it in production.
PAUSE_AFTER_SEND_ENV = "CDNET_TEST_PAUSE_AFTER_SEND"


class TransientDeliveryError(DeliveryFailed):
    """The receiver could not take the message now (down, timeout, 4xx SMTP, HTTP 5xx/429)."""


class PermanentDeliveryError(DeliveryFailed):
    """The receiver refused the message for good (SMTP 5xx, HTTP 4xx, bad address)."""


def send(delivery: Delivery) -> None:
    """Send one delivery through its channel; raise a delivery error when that fails."""
    if delivery.channel == "email":
        from cdnet.dispatch.channels import email

        email.send(delivery)
    elif delivery.channel == "webhook":
        from cdnet.dispatch.channels import webhook

        webhook.send(delivery)
    else:
        raise PermanentDeliveryError(f"no channel {delivery.channel!r}")
    marker = os.environ.get(PAUSE_AFTER_SEND_ENV)
    if marker:
        Path(marker).write_text(str(delivery.pk), encoding="utf-8")
        time.sleep(600)  # the test kills this process here
