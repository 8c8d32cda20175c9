"""Offer new findings to open cases that already hold findings with the same subjects."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from cdnet.audit.log import record
from cdnet.cases.models import (
    Case,
    CaseState,
    CaseSuggestion,
    Finding,
    SuggestionState,
)
from cdnet.errors import InvalidTransition


def offer_to_cases(findings: Sequence[Finding]) -> list[CaseSuggestion]:
    """Create a pending suggestion for each (open case, new finding) pair sharing a subject."""
    made: list[CaseSuggestion] = []
    for finding in findings:
        pairs = list(finding.subjects.values_list("kind", "value"))
        if not pairs:
            continue
        matches: dict[int, set[str]] = {}
        for kind, value in pairs:
            shared = Case.objects.filter(
                state=CaseState.OPEN, findings__subjects__kind=kind, findings__subjects__value=value
            ).values_list("pk", flat=True)
            for case_id in shared.distinct():
                matches.setdefault(case_id, set()).add(f"{kind}:{value}")
        for case_id, on in matches.items():
            if Case.objects.filter(pk=case_id, findings=finding).exists():
                continue
            suggestion, created = CaseSuggestion.objects.get_or_create(
                case_id=case_id,
                finding=finding,
                defaults={"matched_on": ", ".join(sorted(on))[:600]},
            )
            if created:
                made.append(suggestion)
    return made


def decide(suggestion: CaseSuggestion, user: User, accept: bool) -> CaseSuggestion:
    if suggestion.state != SuggestionState.PENDING:
        raise InvalidTransition("this suggestion was already decided")
    with transaction.atomic():
        suggestion.state = SuggestionState.ACCEPTED if accept else SuggestionState.DISMISSED
        suggestion.decided_by, suggestion.decided_at = user, timezone.now()
        suggestion.save(update_fields=["state", "decided_by", "decided_at"])
        if accept:
            suggestion.case.findings.add(suggestion.finding)
        record(
            user,
            "change",
            suggestion.case,
            f"suggested finding {suggestion.finding_id} {suggestion.state}",
            {"finding": suggestion.finding_id},
        )
    return suggestion
