"""The delivery worker: claims due outbox rows, sends them, records every attempt.

A delivery is claimed with one conditional UPDATE (status → sending, attempts + 1, a lease in
``next_attempt_at``), so two workers never send the same row at once. A row left in ``sending``
by a crashed worker is claimed again when its lease runs out and re-sent with the same
idempotency key; receivers that dedupe by Message-ID / Idempotency-Key keep one message.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import signal
import socket
import threading
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from cdnet.audit.log import record
from cdnet.cases.models import AlertState
from cdnet.dispatch import channels
from cdnet.dispatch.channels import PermanentDeliveryError, TransientDeliveryError
from cdnet.dispatch.models import Delivery, DeliveryAttempt, DeliveryKind, DeliveryStatus
from cdnet.dispatch.outbox import check_tlp, level_of
from cdnet.dispatch.periodic import run_periodic
from cdnet.errors import DeliveryFailed, NotAllowed

log = logging.getLogger("cdnet.worker")

LOST = (
    "the worker stopped before it recorded the result (lease expired); "
    "sent again with the same idempotency key"
)


def lease_seconds() -> float:
    return float(getattr(settings, "CDNET_WORKER_LEASE_SECONDS", 300))


def backoff(attempts: int, base: float | None = None, cap: float | None = None) -> dt.timedelta:
    """``base * 2**(attempts-1)`` seconds, jittered by ±20 %, at most ``cap``."""
    base = float(getattr(settings, "CDNET_DELIVERY_BACKOFF_SECONDS", 30)) if base is None else base
    cap = (
        float(getattr(settings, "CDNET_DELIVERY_BACKOFF_MAX_SECONDS", 6 * 3600))
        if cap is None
        else cap
    )
    delay = base * 2 ** max(attempts - 1, 0) * secrets.SystemRandom().uniform(0.8, 1.2)
    return dt.timedelta(seconds=min(delay, cap))


def _due(now: dt.datetime) -> Q:
    """Rows a worker may claim: queued or retrying and due, or sending with an expired lease."""
    waiting = Q(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING, DeliveryStatus.SENDING]
    )
    return waiting & (Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True))


def claim(delivery_id: int, now: dt.datetime) -> bool:
    """Take a due delivery for one attempt; False when it is not due or another worker has it."""
    claimed = Delivery.objects.filter(
        _due(now), pk=delivery_id, attempts__lt=F("max_attempts")
    ).update(
        status=DeliveryStatus.SENDING,
        attempts=F("attempts") + 1,
        next_attempt_at=now + dt.timedelta(seconds=lease_seconds()),
    )
    return claimed == 1


def _guard(delivery: Delivery) -> None:
    """Refuse, before each attempt, what may no longer be sent."""
    try:
        check_tlp(delivery.recipient, level_of(delivery))
    except NotAllowed as exc:
        raise PermanentDeliveryError(f"refused by the TLP gate: {exc}") from exc
    if delivery.alert is not None and delivery.alert.state == AlertState.WITHDRAWN:
        raise PermanentDeliveryError("the alert was withdrawn")
    if not delivery.recipient.active:
        raise PermanentDeliveryError("the recipient is inactive")
    if delivery.recipient_channel is not None and not delivery.recipient_channel.active:
        raise PermanentDeliveryError("the channel is inactive")


def _close_lost_attempts(delivery: Delivery, now: dt.datetime) -> None:
    lost = DeliveryAttempt.objects.filter(delivery=delivery, finished_at__isnull=True)
    if lost.update(finished_at=now, error=LOST):
        record(
            None,
            "change",
            delivery,
            "delivery attempt lost; sending again",
            {"key": delivery.idempotency_key},
        )


def _attempt(delivery: Delivery) -> DeliveryFailed | None:
    try:
        _guard(delivery)
        channels.send(delivery)
    except DeliveryFailed as exc:
        return exc
    except Exception as exc:  # a renderer or template bug: retried, then failed, never lost
        log.exception("delivery %s: unexpected error", delivery.pk)
        return TransientDeliveryError(f"{type(exc).__name__}: {exc}")
    return None


def _outcome(delivery: Delivery, error: DeliveryFailed | None, now: dt.datetime) -> dict[str, Any]:
    if error is None:
        return {
            "status": DeliveryStatus.SENT,
            "sent_at": now,
            "next_attempt_at": None,
            "last_error": "",
        }
    final = isinstance(error, PermanentDeliveryError) or delivery.attempts >= delivery.max_attempts
    return {
        "status": DeliveryStatus.FAILED if final else DeliveryStatus.RETRYING,
        "next_attempt_at": None if final else now + backoff(delivery.attempts),
        "last_error": str(error),
    }


def _record(
    delivery: Delivery, attempt: DeliveryAttempt, error: DeliveryFailed | None, actor: User | None
) -> None:
    from cdnet.cases.workflow import mark_sent

    now = timezone.now()
    fields = _outcome(delivery, error, now)
    with transaction.atomic():
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(
            finished_at=now, ok=error is None, error=str(error or "")
        )
        # Only while this worker still holds the row (a lost lease means another worker has it).
        Delivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.SENDING, attempts=delivery.attempts
        ).update(**fields)
        for name, value in fields.items():
            setattr(delivery, name, value)
        details = {
            "attempt": delivery.attempts,
            "error": str(error or ""),
            "key": delivery.idempotency_key,
        }
        record(actor, "change", delivery, f"delivery {fields['status']}", details)
        if error is None and delivery.alert is not None and delivery.kind == DeliveryKind.ALERT:
            mark_sent(delivery.alert, actor)


def process(delivery_id: int, actor: User | None = None, now: dt.datetime | None = None) -> str:
    """Make one attempt at a due delivery; returns its status, or "skipped" if not claimed."""
    now = now or timezone.now()
    if not claim(delivery_id, now):
        return "skipped"
    delivery = Delivery.objects.select_related("alert", "recipient", "recipient_channel").get(
        pk=delivery_id
    )
    _close_lost_attempts(delivery, now)
    attempt = DeliveryAttempt.objects.create(delivery=delivery, started_at=now, actor=actor)
    error = _attempt(delivery)
    _record(delivery, attempt, error, actor)
    log.info("delivery %s: %s %s", delivery.pk, delivery.status, error or "")
    return str(delivery.status)


@task()
def deliver(delivery_id: int) -> str:
    """The django-tasks task that outbox.enqueue schedules after the commit."""
    return process(delivery_id)


def expire_exhausted(now: dt.datetime) -> int:
    """Fail rows whose last attempt was lost with the worker and that have no attempts left."""
    stale = Delivery.objects.filter(
        status=DeliveryStatus.SENDING, next_attempt_at__lte=now, attempts__gte=F("max_attempts")
    )
    count = 0
    for delivery in stale:
        DeliveryAttempt.objects.filter(delivery=delivery, finished_at__isnull=True).update(
            finished_at=now, error=LOST
        )
        error = "the worker stopped during the last attempt; the message may have been delivered"
        count += Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.FAILED, next_attempt_at=None, last_error=error
        )
        record(None, "change", delivery, "delivery failed", {"error": error})
    return count


def drain(now: dt.datetime | None = None, limit: int = 200) -> int:
    """Attempt every due delivery once (oldest first); returns how many were attempted."""
    now = now or timezone.now()
    expire_exhausted(now)
    due = Delivery.objects.filter(_due(now), attempts__lt=F("max_attempts"))
    ids = list(due.order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit])
    return sum(1 for pk in ids if process(pk, now=now) != "skipped")


def _worker_id() -> str:
    return f"cdnet-{socket.gethostname()[:30]}-{os.getpid()}-{threading.get_ident() % 100000}"


def run_task_queue() -> int:
    """Run the django-tasks rows that are ready (the wake-up calls), then return."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.management.commands.db_worker import Worker

    if not isinstance(task_backends["default"], DatabaseBackend):
        return 0
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=_worker_id(),
        excluded_queue_names=[],
    )
    worker.run()
    return int(worker._run_tasks)


def cycle() -> dict[str, Any]:
    """One round of the worker: the task queue, due deliveries, periodic jobs."""
    close_old_connections()
    tasks = run_task_queue()
    attempted = drain()
    periodic = run_periodic(timezone.now())
    close_old_connections()
    return {"tasks": tasks, "attempted": attempted, "periodic": periodic}


def poll_seconds() -> float:
    return float(getattr(settings, "CDNET_WORKER_POLL_SECONDS", 5))


def run_worker(stop_event: threading.Event, poll: float | None = None, once: bool = False) -> None:
    """Loop until ``stop_event`` is set: a cycle, then a wait of ``poll`` seconds."""
    wait = poll_seconds() if poll is None else poll
    while not stop_event.is_set():
        try:
            cycle()
        except Exception:
            if once:
                raise
            log.exception("worker cycle failed; trying again in %s s", wait)
        if once:
            return
        stop_event.wait(wait)


def stop_on_signals(stop_event: threading.Event) -> None:
    """SIGTERM/SIGINT finish the current send, then stop; a second signal stops at once."""

    def handler(signum: int, frame: object) -> None:
        log.warning("received %s: stopping after the current delivery", signal.strsignal(signum))
        stop_event.set()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


def start_worker_thread(poll: float | None = None) -> tuple[threading.Thread, threading.Event]:
    """Run the worker in a daemon thread of this process (``cdnet demo``); set the event to stop."""
    stop_event = threading.Event()

    def target() -> None:
        try:
            run_worker(stop_event, poll)
        finally:
            connection.close()

    thread = threading.Thread(target=target, name="cdnet-worker", daemon=True)
    thread.start()
    return thread, stop_event
