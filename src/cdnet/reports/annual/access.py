"""Who may read which version: the public one anyone signed in, the network's only its members.

The network's version counts every record, but a person reading it in the app or over the API
sees the labels of only the records TLP lets them read (an AMBER+STRICT outcome of another
organisation, a RED one recorded by someone else): the others are counted and shown as withheld.
The command line, run by whoever runs the installation, shows everything.
"""

from __future__ import annotations

import dataclasses

from django.contrib.auth.models import AnonymousUser, User

from cdnet.errors import NotAllowed
from cdnet.impact.models import Outcome
from cdnet.impact.visibility import visible_outcomes
from cdnet.network.services import role_of
from cdnet.reports.annual.document import AnnualReport, OutcomeLine
from cdnet.reports.figure import Audience
from cdnet.reports.figures.access import for_viewer as figures_for_viewer


def may_read(user: User | AnonymousUser, audience: Audience) -> bool:
    if not user.is_authenticated:
        return False
    return audience == Audience.PUBLIC or role_of(user) is not None


def check_may_read(user: User | AnonymousUser, audience: Audience) -> None:
    if not may_read(user, audience):
        raise NotAllowed("the network's version of the report is for members of the network")


def _withheld(line: OutcomeLine) -> OutcomeLine:
    return dataclasses.replace(
        line, subject=f"(TLP:{line.tlp}, not visible to you)", alert_id=None, alert_title=""
    )


def for_viewer(report: AnnualReport, user: User | AnonymousUser) -> AnnualReport:
    """The report as ``user`` may read it: record labels they may not read withheld."""
    if report.audience == Audience.PUBLIC:
        return report  # every record in it is public
    rows = Outcome.objects.filter(pk__in=[line.pk for line in report.outcomes])
    readable = set(visible_outcomes(user, rows).values_list("pk", flat=True))
    return dataclasses.replace(
        report,
        figures=tuple(figures_for_viewer(report.figures, user, report.audience)),
        outcomes=tuple(o if o.pk in readable else _withheld(o) for o in report.outcomes),
    )
