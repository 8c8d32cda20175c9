"""What every figure shares: the audience filter, period membership, record references.

- **Audience.** :attr:`Audience.PUBLIC` keeps a record only when it is TLP:CLEAR or approved for
  publication; :attr:`Audience.NETWORK` keeps every record.
- **Period.** A record belongs to a period by one date: a finding by ``first_seen`` (else
  ``created_at``), an alert by when it was first sent, an outcome by ``occurred_on``, a meeting by
  ``held_on`` and so on (each figure says which).
- **Records.** Each figure lists the records it was counted from as :class:`RecordRef`, with the
  page to open.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import DateTimeField, F, Model, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse

from cdnet.cases.models import Finding, Tlp, Verdict
from cdnet.cases.review_queue import latest
from cdnet.reports.figure import Audience, Period, RecordRef

M = TypeVar("M", bound=Model)

#: The label of an empty platform, country or kind in a breakdown.
UNKNOWN = "unknown"


def audience_q(audience: Audience, prefix: str = "") -> Q:
    """Records of ``audience``: everything for the network; CLEAR or approved for the public."""
    if audience == Audience.NETWORK:
        return Q()
    return Q(**{f"{prefix}tlp": Tlp.CLEAR}) | Q(**{f"{prefix}approved_for_publication": True})


def in_audience(queryset: QuerySet[M], audience: Audience) -> QuerySet[M]:
    return queryset.filter(audience_q(audience))


def on_days(queryset: QuerySet[M], field: str, period: Period) -> QuerySet[M]:
    """Records whose date ``field`` lies in the period (both ends included)."""
    return queryset.filter(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def in_time(queryset: QuerySet[M], field: str, period: Period) -> QuerySet[M]:
    """Records whose datetime ``field`` lies in ``[start 00:00 UTC, end + 1 day 00:00 UTC)``."""
    start, end = period.bounds()
    return queryset.filter(**{f"{field}__gte": start, f"{field}__lt": end})


def counted_findings(detector: str | None, period: Period, audience: Audience) -> QuerySet[Finding]:
    """Findings of ``detector`` (None: every one) seen in the period, in the audience, not
    rejected by a reviewer.

    A finding is seen when its ``first_seen`` is (the detector's own time), else when it was
    stored (``created_at``). The latest review decision is the finding's state: a finding whose
    latest decision is *reject* is not counted; open and confirmed ones are. Findings of a deleted
    dataset still count: they were found."""
    chosen = (
        Finding.objects.all() if detector is None else Finding.objects.filter(detector=detector)
    )
    findings = chosen.annotate(
        seen=Coalesce("first_seen", "created_at", output_field=DateTimeField()),
        review_decision=latest("decision"),
    )
    findings = findings.filter(Q(review_decision__isnull=True) | Q(review_decision=Verdict.CONFIRM))
    return in_time(in_audience(findings, audience), "seen", period).order_by(F("seen"), "id")


_PK = 987654321  # a stand-in primary key: a page's path is reversed once, then filled in


@functools.lru_cache(maxsize=256)
def _pattern(name: str) -> str | None:
    """The path of a named page taking one primary key, with ``{pk}`` for it; None if absent."""
    try:
        return reverse(name, args=(_PK,)).replace(str(_PK), "{pk}")
    except NoReverseMatch:
        return None


def url_of(name: str, *args: Any, anchor: str = "") -> str:
    """The path of a named page, or "" when this installation has no such page."""
    if len(args) == 1 and isinstance(args[0], int):
        pattern = _pattern(name)
        path = pattern.format(pk=args[0]) if pattern is not None else ""
    else:
        try:
            path = reverse(name, args=args)
        except NoReverseMatch:
            path = ""
    if not path:
        return ""
    return f"{path}#{anchor}" if anchor else path


def first_url(names: Iterable[str], pk: int) -> str:
    """The first of several candidate pages that exists (an app may or may not define one)."""
    for name in names:
        found = url_of(name, pk)
        if found:
            return found
    return ""


def finding_ref(finding: Finding, label: str = "") -> RecordRef:
    text = label or f"{finding.detector}: {finding.subject}"
    return RecordRef("finding", finding.pk, text, url_of("finding_detail", finding.pk))


def tally(items: Iterable[tuple[str, Any]]) -> dict[str, int]:
    """``{group: number of distinct things}`` from ``(group, thing)`` pairs, groups sorted."""
    groups: dict[str, set[Any]] = {}
    for group, thing in items:
        groups.setdefault(group or UNKNOWN, set()).add(thing)
    return {group: len(groups[group]) for group in sorted(groups)}


def text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def strings(value: object) -> list[str]:
    """A payload list of ids as strings (a single value becomes a list of one)."""
    if isinstance(value, list | tuple):
        return [text(v) for v in value if text(v)]
    return [text(value)] if text(value) else []
