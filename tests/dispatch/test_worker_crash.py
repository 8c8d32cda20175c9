"""A real `cdnet worker` process killed between the send and the record sends nothing twice:
the second run re-sends with the same idempotency key and the receiver keeps one message.

The worker runs against this test's database: the PostgreSQL test database when DATABASE_URL is
set, else a SQLite file in a temporary CDNET_HOME (copied from and back into the in-memory test
database around each run).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from test_webhooks_receiver import SECRET, WebhookReceiver, running

from cdnet.dispatch.models import Delivery
from cdnet.dispatch.services import dispatch_alert
from cdnet.network.models import RecipientChannel
from factories import approved_alert

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]


class WorkerProcess:
    """Runs `python -m cdnet.cli.worker --once` on the test database."""

    def __init__(self, home: Path, smtp_port: int) -> None:
        self.home = home
        self.env = {**os.environ, "CDNET_HOME": str(home), "CDNET_SMTP_HOST": "127.0.0.1"}
        self.env["CDNET_SMTP_PORT"] = str(smtp_port)
        self.env.pop("CDNET_TEST_PAUSE_AFTER_SEND", None)
        self.sqlite = connection.vendor == "sqlite"
        if not self.sqlite:
            s = connection.settings_dict
            auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
            self.env["DATABASE_URL"] = f"postgres://{auth}@{s['HOST']}:{s['PORT']}/{s['NAME']}"

    def _copy(self, to_file: bool) -> None:
        if not self.sqlite:
            return
        connection.ensure_connection()
        with sqlite3.connect(self.home / "cdnet.sqlite3") as file_db:
            memory = connection.connection
            memory.backup(file_db) if to_file else file_db.backup(memory)
        file_db.close()

    def run(self, *, kill_after_send: bool = False) -> int:
        """Run one worker cycle; with ``kill_after_send`` SIGKILL it between send and record."""
        self._copy(to_file=True)
        env = dict(self.env)
        marker = self.home / "sent.marker"
        marker.unlink(missing_ok=True)
        if kill_after_send:
            env["CDNET_TEST_PAUSE_AFTER_SEND"] = str(marker)
        worker = subprocess.Popen(
            [sys.executable, "-m", "cdnet.cli.worker", "--once"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        if kill_after_send:
            deadline = time.monotonic() + 60
            while not marker.exists() and worker.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            assert marker.exists(), "the worker never reached the send"
            worker.send_signal(signal.SIGKILL)
        _, stderr = worker.communicate(timeout=90)
        self._copy(to_file=False)
        assert worker.returncode in (0, -signal.SIGKILL), stderr.decode()[-3000:]
        return worker.returncode


def lease_runs_out(delivery: Delivery) -> None:
    """Time passes beyond the lease of the crashed worker."""
    past = timezone.now() - dt.timedelta(seconds=1)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=past)


def test_a_worker_killed_after_an_smtp_send_does_not_deliver_twice(network, smtp, tmp_path):
    alert = approved_alert(network.alice, network.bob)
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    worker = WorkerProcess(tmp_path, smtp.port)

    assert worker.run(kill_after_send=True) == -signal.SIGKILL
    delivery.refresh_from_db()
    assert delivery.status == "sending" and delivery.attempts == 1
    assert len(smtp.messages) == 1

    assert worker.run() == 0  # the lease has not run out: nothing happens
    assert len(smtp.messages) == 1

    lease_runs_out(delivery)
    assert worker.run() == 0
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 2
    keys = [m["Message-ID"] for m in smtp.messages]
    assert keys == [delivery.message_id, delivery.message_id]
    assert len(set(keys)) == 1  # a receiver deduping by Message-ID holds one message
    lost, ok = delivery.attempt_log.all()
    assert lost.ok is None and "same idempotency key" in lost.error
    assert ok.ok is True


def test_a_worker_killed_after_a_webhook_post_does_not_deliver_twice(network, tmp_path):
    with running(WebhookReceiver()) as webhook:
        RecipientChannel.objects.create(
            recipient=network.platform, kind="webhook", address=webhook.url, secret=SECRET
        )
        network.platform.email = "nobody@refused.example"  # the e-mail channel fails for good
        network.platform.save()
        alert = approved_alert(network.alice, network.bob)
        deliveries = dispatch_alert(alert, [network.platform], network.carol)
        hook = next(d for d in deliveries if d.channel == "webhook")
        Delivery.objects.exclude(pk=hook.pk).delete()
        worker = WorkerProcess(tmp_path, 9)

        assert worker.run(kill_after_send=True) == -signal.SIGKILL
        lease_runs_out(hook)
        assert worker.run() == 0

    hook.refresh_from_db()
    assert hook.status == "sent" and hook.attempts == 2
    assert [h["Idempotency-Key"] for h, _ in webhook.requests] == [hook.idempotency_key] * 2
    assert list(webhook.kept) == [hook.idempotency_key]


def test_the_worker_command_exits_after_one_cycle_with_once(network, tmp_path, smtp):
    alert = approved_alert(network.alice, network.bob)
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    assert WorkerProcess(tmp_path, smtp.port).run() == 0
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert [m["Message-ID"] for m in smtp.messages] == [delivery.message_id]
