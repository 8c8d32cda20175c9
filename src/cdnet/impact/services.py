"""Recording outcomes of alerts."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from cdnet.audit.log import record
from cdnet.cases.models import Alert, AlertState
from cdnet.errors import BadInput, InvalidTransition, NotAllowed
from cdnet.impact.models import Outcome, OutcomeKind
from cdnet.network.services import role_of


def record_outcome(
    alert: Alert,
    user: User,
    kind: str,
    occurred_on: dt.date,
    note: str = "",
    evidence_url: str = "",
) -> Outcome:
    if role_of(user) is None:
        raise NotAllowed("only members of the network may record outcomes")
    if kind not in OutcomeKind.values:
        raise BadInput(f"kind must be one of {', '.join(OutcomeKind.values)}", field="kind")
    if alert.state not in (AlertState.SENT, AlertState.CLOSED):
        raise InvalidTransition("outcomes are recorded on alerts that were sent")
    if occurred_on > timezone.now().date():
        raise BadInput("an outcome cannot lie in the future", field="occurred_on")
    with transaction.atomic():
        outcome = Outcome.objects.create(
            alert=alert,
            kind=kind,
            occurred_on=occurred_on,
            note=note,
            evidence_url=evidence_url,
            recorded_by=user,
        )
        record(user, "create", outcome, f"outcome {kind} on {occurred_on}", {"alert": alert.pk})
    return outcome
