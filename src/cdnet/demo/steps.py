"""One step of the demo year each: an alert written, reviewed and sent; an RRS flag and the
platform's answers; an outcome. Each runs the real services on the demo clock."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User

from cdnet.cases import review_queue, workflow
from cdnet.cases.alerts import AlertContent, create_alert
from cdnet.cases.models import Alert, Finding
from cdnet.demo.clock import Replay, clock_at
from cdnet.demo.datasets import template
from cdnet.demo.seed import DemoPeople
from cdnet.dispatch.acks import ack_token, acknowledge
from cdnet.dispatch.models import AckStatus, Delivery, DeliveryKind
from cdnet.dispatch.rrs import FlagRequest, change_status, create_flags
from cdnet.dispatch.services import dispatch_alert
from cdnet.dispatch.worker import drain
from cdnet.impact.models import Outcome
from cdnet.impact.services import record_outcome
from cdnet.network.models import Recipient
from cdnet.network.services import find_user

H = dt.timedelta(hours=1)


def send_alert(
    people: DemoPeople,
    when: dt.datetime,
    content: AlertContent,
    findings: Sequence[Finding],
    recipients: Sequence[Recipient],
    *,
    author: User | None = None,
) -> Alert:
    """Draft at ``when``; bob confirms the findings and approves two hours later; carol sends
    it an hour after that."""
    author = author or people.alice
    with clock_at(when):
        alert = create_alert(author, content, list(findings))
        workflow.submit_for_review(alert, author)
    with clock_at(when + 2 * H):
        for finding in findings:
            if review_queue.state_of(finding) != "confirmed":
                review_queue.decide(finding, people.bob, "confirm", "Checked for the alert.")
        workflow.review(alert, people.bob, "approve", "Evidence checked against the findings.")
    with clock_at(when + 3 * H):
        dispatch_alert(alert, recipients, people.carol)
        drain()  # the worker's job, done at once: the sink receives the mail
    acknowledge_all(alert, when + 6 * H)
    alert.refresh_from_db()
    return alert


def acknowledge_all(alert: Alert, when: dt.datetime) -> None:
    """Every recipient presses the link "received" in the message (so no reminder is due)."""
    sent = Delivery.objects.filter(alert=alert, kind=DeliveryKind.ALERT, status="sent")
    with clock_at(when):
        for delivery in sent.order_by("pk"):
            acknowledge(ack_token(delivery), AckStatus.RECEIVED)


#: Per platform, the answers to a flag: (status, hours after it was sent).
Answers = Mapping[str, Sequence[tuple[str, float]]]


def flag_to_rrs(
    people: DemoPeople,
    alert: Alert,
    when: dt.datetime,
    election_id: str,
    answers: Answers,
    urgency: str = "high",
) -> None:
    """Flag ``alert`` to the platforms' RRS contacts, then record how each platform answered."""
    with clock_at(when):
        request = FlagRequest(urgency=urgency, platforms=list(answers), election_id=election_id)
        flags = create_flags(alert, people.carol, request)
        drain()
    for flag in flags:
        for status, hours in answers.get(flag.platform, ()):
            moment = when + dt.timedelta(hours=hours)
            with clock_at(moment):
                change_status(flag, status, people.carol, "answer of the RRS contact", moment)


def outcome(
    alert: Alert, user: User, when: dt.datetime, kind: str, note: str, **fields: Any
) -> Outcome:
    """Record what came of ``alert`` on the day it happened."""
    with clock_at(when):
        return record_outcome(
            alert=alert, user=user, kind=kind, occurred_on=when.date(), note=note, **fields
        )


def _split(cell: str) -> list[str]:
    return [part for part in cell.split("|") if part]


def record_outcomes(replay: Replay, alert: Alert, name: str) -> list[Outcome]:
    """The outcomes of ``data/demo/outcomes.csv`` for the alert called ``name``, each on its day
    (those whose day has not come yet are left out)."""
    with template("outcomes.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["alert"] == name]
    recorded = []
    for row in rows:
        day = dt.date.fromisoformat(row["date"])
        when = replay.at(day.month, day.day, 11, year=day.year)
        if not replay.has_come(when):
            continue
        fields = {k: row[k] for k in ("subject", "platform", "source", "statement_id")}
        recorded.append(
            outcome(
                alert,
                find_user(row["by"]),
                when,
                row["kind"],
                row["note"],
                countries=_split(row["countries"]),
                counters=_split(row["counters"]),
                **fields,
            )
        )
    return recorded
