"""The re-check monitor: flagged URLs checked on a schedule, each check stored, proposals made.

A :class:`RecheckTarget` is a URL of an alert to check every N hours, directly and through a
proxy per configured country. Each check of one vantage point is a :class:`RecheckResult`,
appended and never edited. When the state of a vantage point changes (e.g. available → 404),
cdnet appends a :class:`RecheckProposal` for a member to confirm; confirming it records an
:class:`~cdnet.impact.models.outcomes.Outcome` with source ``recheck``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from cdnet.cases.models import Alert
from cdnet.errors import InvalidTransition
from cdnet.impact.models.outcomes import Outcome, OutcomeKind


class ImmutableRecheck(InvalidTransition):
    """An attempt to change or delete a stored check result."""


class RecheckTarget(models.Model):
    """A flagged URL that the worker checks every ``every_hours`` hours."""

    url = models.URLField(max_length=2000)
    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="recheck_targets")
    platform = models.CharField(max_length=40, blank=True, help_text="x, facebook, youtube, …")
    every_hours = models.PositiveIntegerField(default=24)
    countries = models.JSONField(
        default=list, blank=True, help_text="ISO codes checked through CDNET_RECHECK_PROXIES"
    )
    active = models.BooleanField(default=True)
    next_due_at = models.DateTimeField(db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "url"], name="recheck_target_once_per_alert")
        ]

    def __str__(self) -> str:
        return self.url


class RecheckState(models.TextChoices):
    """What one check saw, from one vantage point."""

    AVAILABLE = "available", "Available"
    REMOVED = "removed", "Removed (404, 410 or a removal page)"
    GEO_RESTRICTED = "geo_restricted", "Geo-restricted (451 or a withheld page)"
    ACCOUNT_SUSPENDED = "account_suspended", "Account suspended"
    UNAVAILABLE = "unavailable", "Unavailable (the platform gives no reason)"
    INCONCLUSIVE = "inconclusive", "Inconclusive (another status code, e.g. 403, 429, 5xx)"
    ERROR = "error", "Not checked (network error or refused address)"


GONE_STATES = frozenset(
    {
        RecheckState.REMOVED,
        RecheckState.GEO_RESTRICTED,
        RecheckState.ACCOUNT_SUSPENDED,
        RecheckState.UNAVAILABLE,
    }
)
CONCLUSIVE_STATES = GONE_STATES | {RecheckState.AVAILABLE}


class RecheckResult(models.Model):
    """One check of a target from one vantage point; inserted, never updated or deleted."""

    target = models.ForeignKey(RecheckTarget, on_delete=models.PROTECT, related_name="results")
    run = models.CharField(max_length=32, db_index=True, help_text="Groups the results of a run")
    vantage = models.CharField(
        max_length=2, blank=True, help_text="'' = direct, else the country of the proxy"
    )
    proxy_url = models.CharField(max_length=500, blank=True)
    checked_at = models.DateTimeField()
    reachable = models.BooleanField(default=False, help_text="An HTTP answer came back")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.CharField(max_length=2000, blank=True)
    content_sha256 = models.CharField(max_length=64, blank=True)
    unavailable = models.BooleanField(default=False)
    matched_phrase = models.CharField(max_length=300, blank=True)
    meaning = models.CharField(max_length=20, blank=True)
    state = models.CharField(max_length=20, choices=RecheckState.choices)
    error = models.TextField(blank=True)
    changed = models.BooleanField(
        default=False, help_text="State, status, final URL or content differ from the last check"
    )

    class Meta:
        ordering = ["checked_at", "id"]
        indexes = [  # the newest result per target and vantage point, after years of checks
            models.Index(fields=["target", "vantage", "checked_at"], name="recheck_latest")
        ]

    def __str__(self) -> str:
        where = self.vantage or "direct"
        return f"{self.target} from {where}: {self.state}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableRecheck(f"check result {self.pk} cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRecheck(f"check result {self.pk} cannot be deleted")


class ProposalState(models.TextChoices):
    PENDING = "pending", "Pending"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class RecheckProposal(models.Model):
    """An outcome that a change suggests; a member confirms (→ an Outcome) or rejects it."""

    target = models.ForeignKey(RecheckTarget, on_delete=models.PROTECT, related_name="proposals")
    results = models.ManyToManyField(RecheckResult, related_name="proposals")
    kind = models.CharField(max_length=20, choices=OutcomeKind.choices)
    countries = models.JSONField(default=list, blank=True)
    reason = models.TextField()
    state = models.CharField(
        max_length=10, choices=ProposalState.choices, default=ProposalState.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    outcome = models.OneToOneField(
        Outcome, null=True, blank=True, on_delete=models.PROTECT, related_name="recheck_proposal"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        where = f" in {', '.join(self.countries)}" if self.countries else ""
        return f"{self.get_kind_display()}{where}: {self.target}"
