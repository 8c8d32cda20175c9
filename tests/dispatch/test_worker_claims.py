"""Claims, leases, backoff and attempts of the worker, and its thread for `cdnet demo`."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from cdnet.dispatch import periodic
from cdnet.dispatch.models import Delivery
from cdnet.dispatch.services import dispatch_alert
from cdnet.dispatch.worker import backoff, claim, drain, process, start_worker_thread
from factories import approved_alert


def queued(network) -> Delivery:
    alert = approved_alert(network.alice, network.bob)
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    return delivery


def test_a_claimed_delivery_cannot_be_claimed_again_while_its_lease_runs(network):
    delivery = queued(network)
    now = timezone.now()
    assert claim(delivery.pk, now)
    assert not claim(delivery.pk, now)
    assert process(delivery.pk, now=now) == "skipped"
    delivery.refresh_from_db()
    assert delivery.status == "sending" and delivery.attempts == 1


def test_a_lease_that_ran_out_is_claimed_again(network, settings):
    settings.CDNET_WORKER_LEASE_SECONDS = 60
    delivery = queued(network)
    now = timezone.now()
    assert claim(delivery.pk, now)
    assert not claim(delivery.pk, now + dt.timedelta(seconds=59))
    assert claim(delivery.pk, now + dt.timedelta(seconds=61))


def test_backoff_doubles_with_each_attempt_within_its_jitter_and_cap():
    for attempts, expected in ((1, 10), (2, 20), (3, 40), (4, 80)):
        seconds = backoff(attempts, base=10, cap=1000).total_seconds()
        assert expected * 0.8 <= seconds <= expected * 1.2
    assert backoff(30, base=10, cap=1000).total_seconds() == 1000


def test_a_delivery_fails_for_good_after_its_last_attempt(network, smtp_down, settings):
    settings.CDNET_DELIVERY_MAX_ATTEMPTS = 3
    settings.CDNET_DELIVERY_BACKOFF_SECONDS = 1
    delivery = queued(network)
    for hours in range(4):
        drain(now=timezone.now() + dt.timedelta(hours=hours))
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == 3
    assert delivery.attempt_log.filter(ok=False).count() == 3


def test_a_lost_last_attempt_is_marked_failed_not_sent_again(network, smtp):
    delivery = queued(network)
    Delivery.objects.filter(pk=delivery.pk).update(
        status="sending", attempts=6, next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert drain() == 0
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "may have been delivered" in delivery.last_error
    assert smtp.messages == []


@pytest.mark.django_db(transaction=True)
def test_the_worker_thread_sends_queued_deliveries_and_runs_periodic_jobs(network, smtp):
    calls: list[dt.datetime] = []
    periodic.register("test-probe", lambda now: calls.append(now) or 0)
    try:
        delivery = queued(network)
        thread, stop = start_worker_thread(poll=0.05)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not smtp.messages:
            time.sleep(0.05)
        stop.set()
        thread.join(10)
    finally:
        periodic._JOBS.pop("test-probe", None)
    assert not thread.is_alive()
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert len(smtp.messages) == 1 and calls
