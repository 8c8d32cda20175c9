"""Channels send one rendered delivery: e-mail over SMTP, webhooks over HTTP(S).

A channel either returns (the receiver accepted the message) or raises
:class:`TransientDeliveryError` (try again later) or :class:`PermanentDeliveryError` (do not).
Every send carries the delivery's idempotency key, so a message that is sent again after a crash
can be recognised by the receiver as the one it already has.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from cdnet.errors import DeliveryFailed

if TYPE_CHECKING:
    from cdnet.dispatch.models import Delivery

#: Test hook: with this set to 1 the process ends (exit status 137, as after SIGKILL) right after
#: a channel reported a successful send and before the worker records it. Tests use it to kill a
#: real worker deterministically between the send and the record. Never set it in production.
CRASH_AFTER_SEND_ENV = "CDNET_TEST_CRASH_AFTER_SEND"


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
    if os.environ.get(CRASH_AFTER_SEND_ENV) == "1":
        os._exit(137)
