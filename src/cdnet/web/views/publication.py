"""The "Public report" block of the alert and finding pages.

It says whether the public yearly report may show the record (TLP:CLEAR, or approved by a
coordinator: by whom and when) and gives coordinators and admins one button to approve or to
withdraw the approval. The decision goes through :mod:`cdnet.impact.publication`, which checks the
role, saves the fields and appends to the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest

from cdnet.cases.models import Alert, Finding, Tlp
from cdnet.impact.checks import APPROVER_ROLES
from cdnet.impact.publication import approve_for_publication, withdraw_publication
from cdnet.network.services import role_of
from cdnet.web.views.common import attempt

#: action in the URL -> (service, message on success)
ACTIONS: dict[str, tuple[Callable[[User, Any], Any], str]] = {
    "approve": (approve_for_publication, "Approved for the public report."),
    "withdraw": (withdraw_publication, "Approval for the public report withdrawn."),
}


@dataclass(frozen=True)
class PublicState:
    """What the block shows for one alert or finding, and to whom the button is offered."""

    public_by_tlp: bool
    approved: bool
    approved_by: str
    approved_at: dt.datetime | None
    can_decide: bool

    @property
    def action(self) -> str:
        """The button's action: withdraw an approval, else approve (none needed for CLEAR)."""
        if self.approved:
            return "withdraw"
        return "" if self.public_by_tlp else "approve"


def public_state(user: User, obj: Alert | Finding) -> PublicState:
    approver = obj.approved_by
    return PublicState(
        public_by_tlp=obj.tlp == Tlp.CLEAR,
        approved=obj.approved_for_publication,
        approved_by=approver.get_username() if approver is not None else "",
        approved_at=obj.approved_at,
        can_decide=role_of(user) in APPROVER_ROLES,
    )


def decide(request: HttpRequest, user: User, obj: Alert | Finding, action: str) -> None:
    """Approve or withdraw; a refusal (not a coordinator) becomes an error message."""
    if action not in ACTIONS:
        raise Http404(f"no publication action {action!r}")
    service, done = ACTIONS[action]
    attempt(request, lambda: service(user, obj), done)
