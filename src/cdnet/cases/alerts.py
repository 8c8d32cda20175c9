"""An alert's content: drafting (also from a case), revisions kept as versions, diffs, co-authors.

The life cycle (submit, review, send) is in :mod:`cdnet.cases.workflow`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from cdnet.audit.log import record
from cdnet.cases.models import (
    Alert,
    AlertEvent,
    AlertState,
    AlertVersion,
    Attribution,
    Case,
    Confidence,
    Finding,
    Pap,
    Tlp,
)
from cdnet.cases.techniques import resolve_counters, resolve_techniques
from cdnet.cases.visibility import can_see
from cdnet.errors import BadInput, InvalidTransition, NotAllowed
from cdnet.network.countries import normalise_country
from cdnet.network.services import organisation_of, role_of

TEXT_FIELDS = ("title", "summary", "what_happened", "recommended_actions", "actor")


@dataclass
class AlertContent:
    """Everything an author writes in an alert. Validated by :meth:`check`."""

    title: str
    summary: str
    tlp: str = Tlp.AMBER
    pap: str = Pap.AMBER
    what_happened: str = ""
    target_countries: list[str] = field(default_factory=list)
    target_elections: list[str] = field(default_factory=list)
    target_organisations: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    actor: str = ""
    attribution: str = Attribution.NONE
    attribution_confidence: str = Confidence.NONE
    recommended_actions: str = ""
    legally_sensitive: bool = False
    techniques: list[str] = field(default_factory=list)
    counters: list[str] = field(default_factory=list)

    def check(self) -> None:
        if not self.title.strip():
            raise BadInput("an alert needs a title", field="title")
        for name, label, allowed in (
            ("tlp", "TLP", Tlp.values),
            ("pap", "PAP", Pap.values),
            ("attribution", "the attribution", Attribution.values),
            ("attribution_confidence", "the confidence", Confidence.values),
        ):
            if getattr(self, name) not in allowed:
                shown = ", ".join(v for v in allowed if v)
                raise BadInput(f"{label} must be one of {shown}", field=name)
        if self.attribution and not self.attribution_confidence:
            raise BadInput("say how confident the attribution is", field="attribution_confidence")
        self.target_countries = [normalise_country(c) for c in self.target_countries if c.strip()]
        bad = [c for c in self.target_countries if len(c) != 2 or not c.isalpha()]
        if bad:
            raise BadInput(f"not ISO country codes: {', '.join(bad)}", field="target_countries")

    def scalar_values(self) -> dict[str, Any]:
        skip = {"techniques", "counters"}
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}


def content_of(alert: Alert) -> dict[str, Any]:
    """The alert as a version snapshot (JSON-ready)."""
    data = {f.name: getattr(alert, f.name) for f in fields(AlertContent) if hasattr(alert, f.name)}
    data["techniques"] = sorted(t.external_id for t in alert.techniques.all())
    data["counters"] = sorted(t.external_id for t in alert.counters.all())
    data["findings"] = sorted(alert.findings.values_list("pk", flat=True))
    return data


def _snapshot(alert: Alert, author: User) -> AlertVersion:
    number = alert.versions.count() + 1
    return AlertVersion.objects.create(
        alert=alert, number=number, content=content_of(alert), author=author
    )


def create_alert(
    author: User,
    content: AlertContent,
    findings: Sequence[Finding] = (),
    case: Case | None = None,
) -> Alert:
    if role_of(author) is None:
        raise NotAllowed("only members of the network may draft alerts")
    content.check()
    if any(not can_see(author, f) for f in findings):
        raise NotAllowed("some of these findings are not visible to you")
    techniques = resolve_techniques(content.techniques, strict=True)
    counters = resolve_counters(content.counters)
    with transaction.atomic():
        alert = Alert.objects.create(
            **content.scalar_values(),
            required_approvals=2 if content.tlp == Tlp.RED or content.legally_sensitive else 1,
            case=case,
            created_by=author,
            organisation=organisation_of(author),
        )
        alert.authors.add(author)
        alert.findings.set(findings)
        alert.techniques.set(techniques)
        alert.counters.set(counters)
        AlertEvent.objects.create(alert=alert, actor=author, to_state=AlertState.DRAFT)
        _snapshot(alert, author)
        record(author, "create", alert, alert.title, {"tlp": alert.tlp, "case": case and case.pk})
    return alert


def draft_from_case(case: Case, author: User, title: str = "") -> Alert:
    """A draft that starts from a case: its findings, their techniques, its TLP and description."""
    findings = list(case.findings.all())
    techniques = sorted({t.external_id for f in findings for t in f.techniques.all()})
    content = AlertContent(
        title=title or case.title,
        summary=case.description,
        tlp=case.tlp,
        techniques=[t for t in techniques if is_disarm_technique(t)],
    )
    return create_alert(author, content, findings, case=case)


def is_disarm_technique(tid: str) -> bool:
    from cdnet.analysis.reference import disarm

    return disarm.load().is_valid_technique(tid)


def revise_alert(
    alert: Alert, author: User, content: AlertContent, findings: Iterable[Finding] | None = None
) -> AlertVersion:
    """Change an alert's content (draft or changes requested); the result is a new version."""
    if not is_author(alert, author):
        raise NotAllowed("only an author can revise an alert")
    if alert.state not in (AlertState.DRAFT, AlertState.CHANGES_REQUESTED):
        raise InvalidTransition("only a draft or an alert with requested changes can be revised")
    content.check()
    techniques = resolve_techniques(content.techniques, strict=True)
    counters = resolve_counters(content.counters)
    with transaction.atomic():
        for name, value in content.scalar_values().items():
            setattr(alert, name, value)
        if content.tlp == Tlp.RED or content.legally_sensitive:
            alert.required_approvals = max(alert.required_approvals, 2)
        alert.save()
        alert.techniques.set(techniques)
        alert.counters.set(counters)
        if findings is not None:
            alert.findings.set(list(findings))
        AlertEvent.objects.create(
            alert=alert, actor=author, from_state=alert.state, to_state=alert.state, note="revised"
        )
        version = _snapshot(alert, author)
        record(author, "change", alert, f"revised to version {version.number}")
    return version


def content_for(alert: Alert) -> AlertContent:
    """The alert's current content, to edit and pass to :func:`revise_alert`."""
    data = content_of(alert)
    data.pop("findings")
    return AlertContent(**data)


def is_author(alert: Alert, user: User) -> bool:
    return alert.created_by_id == user.pk or alert.authors.filter(pk=user.pk).exists()


def add_coauthor(alert: Alert, author: User, coauthor: User) -> Alert:
    """Co-authors may come from any member organisation; credit shows on the alert."""
    if not is_author(alert, author):
        raise NotAllowed("only an author can add a co-author")
    if role_of(coauthor) is None:
        raise BadInput(f"{coauthor.get_username()} is not a member of the network")
    with transaction.atomic():
        alert.authors.add(coauthor)
        record(author, "change", alert, f"co-author {coauthor.get_username()} added")
    return alert


def credits(alert: Alert) -> list[str]:
    """The organisations of the alert's authors, in order of first contribution."""
    names: dict[str, None] = {}
    for user in alert.authors.order_by("pk"):
        org = organisation_of(user)
        if org is not None:
            names[org.name] = None
    return list(names)


@dataclass(frozen=True)
class FieldDiff:
    field: str
    before: Any
    after: Any
    unified: str  # a unified diff for text fields, empty otherwise


def diff_versions(alert: Alert, old: int, new: int) -> list[FieldDiff]:
    """What changed between two versions of an alert, field by field."""
    by_number = {v.number: v.content for v in alert.versions.filter(number__in=[old, new])}
    if old not in by_number or new not in by_number:
        raise BadInput(f"alert {alert.pk} has versions 1 to {alert.versions.count()}")
    before, after = by_number[old], by_number[new]
    diffs = []
    for name in sorted(set(before) | set(after)):
        a, b = before.get(name), after.get(name)
        if a == b:
            continue
        unified = ""
        if name in TEXT_FIELDS:
            lines = difflib.unified_diff(
                str(a or "").splitlines(), str(b or "").splitlines(),
                f"v{old}", f"v{new}", lineterm="",
            )  # fmt: skip
            unified = "\n".join(lines)
        diffs.append(FieldDiff(name, a, b, unified))
    return diffs
