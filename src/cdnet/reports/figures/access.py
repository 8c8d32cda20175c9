"""Who may see which figures, and the parameters pages and the API take.

- The **network** audience is for members of the network only; the **public** audience for anyone
  logged in (cdnet has no anonymous pages).
- A figure of the network audience counts every record, also those a member may not read
  (TLP:AMBER+STRICT of another organisation, TLP:RED): the number is the network's. The
  *labels* of those records are withheld from that member (:func:`for_viewer`): the record is
  listed by kind and number only, without a link.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from cdnet.cases.visibility import visible_alerts, visible_findings
from cdnet.dispatch.models import RrsFlag
from cdnet.errors import BadInput, NotAllowed
from cdnet.impact.models import (
    Briefing,
    Event,
    EvidenceSubmission,
    Introduction,
    Meeting,
    Outcome,
    PressArticle,
)
from cdnet.impact.models.common import Reportable
from cdnet.impact.visibility import visible_records
from cdnet.network.services import role_of
from cdnet.reports.figure import Audience, Figure, Period, RecordRef

Viewer = User | AnonymousUser


def parse_date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(f"{value!r} is not a date (YYYY-MM-DD)", field=name) from None


def parse_period(start: str = "", end: str = "", year: str | int | None = None) -> Period:
    """``start``/``end`` (ISO dates, both or neither), else ``year``, else the current year."""
    if start or end:
        if not (start and end):
            raise BadInput("give both start and end (YYYY-MM-DD)", field="start" if end else "end")
        return Period(parse_date(start, "start"), parse_date(end, "end"))
    if year not in (None, ""):
        try:
            return Period.year(int(year))
        except ValueError:
            raise BadInput(f"{year!r} is not a year", field="year") from None
    return Period.year(timezone.now().year)


def parse_audience(value: str, user: Viewer) -> Audience:
    """The audience asked for (default public); the network's only for its members."""
    try:
        audience = Audience(value.strip().lower() or Audience.PUBLIC)
    except ValueError:
        raise BadInput(
            f"audience must be one of {', '.join(a.value for a in Audience)}", field="audience"
        ) from None
    if not user.is_authenticated:
        raise NotAllowed("log in to see the figures")
    if audience == Audience.NETWORK and role_of(user) is None:
        raise NotAllowed("the network's figures are for members of the network")
    return audience


def _alerts_hidden(user: Viewer, pks: set[int]) -> set[int]:
    return pks - set(visible_alerts(user).filter(pk__in=pks).values_list("pk", flat=True))


def _findings_hidden(user: Viewer, pks: set[int]) -> set[int]:
    return pks - set(visible_findings(user).filter(pk__in=pks).values_list("pk", flat=True))


def _flags_hidden(user: Viewer, pks: set[int]) -> set[int]:
    """A flag is labelled with its alert's title: hidden when the alert is."""
    alert_of = dict(RrsFlag.objects.filter(pk__in=pks).values_list("pk", "alert_id"))
    unseen = _alerts_hidden(user, set(alert_of.values()))
    return {pk for pk, alert in alert_of.items() if alert in unseen}


def _impact(model: type[Reportable]) -> Callable[[Viewer, set[int]], set[int]]:
    """Impact records by the impact app's rules (an outcome also needs its alert)."""

    def hidden(user: Viewer, pks: set[int]) -> set[int]:
        rows = visible_records(user, model._default_manager.filter(pk__in=pks))
        return pks - set(rows.values_list("pk", flat=True))

    return hidden


_HIDDEN: dict[str, Callable[[Viewer, set[int]], set[int]]] = {
    "alert": _alerts_hidden,
    "finding": _findings_hidden,
    "rrs_flag": _flags_hidden,
    "outcome": _impact(Outcome),
    "meeting": _impact(Meeting),
    "evidence_submission": _impact(EvidenceSubmission),
    "press_article": _impact(PressArticle),
    "briefing": _impact(Briefing),
    "introduction": _impact(Introduction),
    "event": _impact(Event),
}


def _withheld(ref: RecordRef) -> RecordRef:
    name = ref.kind.replace("_", " ")
    return RecordRef(ref.kind, ref.pk, f"{name} {ref.pk} (not visible to you)", "")


def for_viewer(figures: Iterable[Figure], user: Viewer, audience: Audience) -> list[Figure]:
    """The figures with the labels and links of the records ``user`` may not read withheld.

    The public audience's records are all TLP:CLEAR or approved for publication: shown as
    they are."""
    figures = list(figures)
    if audience == Audience.PUBLIC:
        return figures
    hidden: set[tuple[str, int]] = set()
    for kind, check in _HIDDEN.items():
        pks = {r.pk for f in figures for r in f.records if r.kind == kind}
        hidden |= {(kind, pk) for pk in check(user, pks)} if pks else set()
    if not hidden:
        return figures
    return [
        dataclasses.replace(
            figure,
            records=tuple(_withheld(r) if (r.kind, r.pk) in hidden else r for r in figure.records),
        )
        for figure in figures
    ]
