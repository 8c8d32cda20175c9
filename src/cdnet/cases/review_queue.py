"""The review queue: people confirm or reject what the #7 detectors found, before anyone acts on it.

A sanctions match or an undeclared political ad is an accusation; a false one harms the member who
makes it. So these findings wait in a queue until a member of an organisation that can read them
decides: *confirm* (for an ad also whether it is ``political`` or an ``issue`` ad) or *reject*.

Decisions are rows of :class:`~cdnet.cases.models.FindingReview`, appended and never edited; the
latest is the finding's state (``open`` while there is none). One person cannot both confirm and
reject the same finding: to reverse a decision, another member decides (the later decision
supersedes). Confirmed and rejected ads become labelled examples for the classifier
(:mod:`cdnet.cases.labels`). Every decision is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.lookups import Exact, IsNull

from cdnet.audit.log import record
from cdnet.cases.models import Finding, FindingReview, Verdict
from cdnet.cases.visibility import can_see, visible_findings
from cdnet.errors import BadInput, InvalidTransition, NotAllowed, NotFound
from cdnet.network.services import organisation_of, role_of

SANCTIONS = "sanctions"
POLITICAL_ADS = "undeclared-political-ads"
#: The detectors whose findings wait for a person's decision.
DETECTORS: tuple[str, ...] = (SANCTIONS, POLITICAL_ADS)
#: Queue states: no decision yet, or the latest decision.
STATES: tuple[str, ...] = ("open", "confirmed", "rejected", "all")
#: What a confirmed ad is: the classifier's two positive classes.
AD_LABELS: tuple[str, ...] = ("political", "issue")

_STATE_OF = {Verdict.CONFIRM.value: "confirmed", Verdict.REJECT.value: "rejected"}


def latest(field: str) -> Subquery:
    decisions = FindingReview.objects.filter(finding=OuterRef("pk")).order_by("-at", "-id")
    return Subquery(decisions.values(field)[:1])


def with_review_state(findings: QuerySet[Finding]) -> QuerySet[Finding]:
    """``findings`` annotated with their latest decision: ``review_decision`` (``confirm``,
    ``reject`` or None while open), ``review_label`` and ``review_by`` (a user id)."""
    return findings.annotate(
        review_decision=latest("decision"),
        review_label=latest("label"),
        review_by=latest("by"),
    )


def queue(
    user: User | AnonymousUser,
    detectors: Iterable[str] = DETECTORS,
    state: str = "open",
) -> QuerySet[Finding]:
    """The findings of ``detectors`` that ``user`` may read, in ``state``, best score first,
    annotated as by :func:`with_review_state`."""
    if state not in STATES:
        raise BadInput(f"state must be one of {', '.join(STATES)}, got {state!r}", field="state")
    findings = with_review_state(visible_findings(user).filter(detector__in=list(detectors)))
    if state == "open":
        findings = findings.filter(IsNull(latest("decision"), True))
    elif state != "all":
        wanted = Verdict.CONFIRM if state == "confirmed" else Verdict.REJECT
        findings = findings.filter(Exact(latest("decision"), wanted.value))
    return findings.order_by("-score", "id")


def current(finding: Finding) -> FindingReview | None:
    """The latest decision on ``finding`` (its state), or None while it is open."""
    return finding.reviews.select_related("by", "organisation").order_by("-at", "-id").first()


def state_of(finding: Finding) -> str:
    latest = current(finding)
    return _STATE_OF[latest.decision] if latest else "open"


def history(finding: Finding) -> QuerySet[FindingReview]:
    """Every decision on ``finding``, oldest first."""
    return finding.reviews.select_related("by", "organisation").order_by("at", "id")


def _label(finding: Finding, decision: str, label: str) -> str:
    """The training label a decision carries: ``political``/``issue`` for a confirmed ad."""
    label = label.strip().lower()
    if finding.detector != POLITICAL_ADS or decision == Verdict.REJECT:
        if label:
            raise BadInput("only a confirmed political ad takes a label", field="label")
        return ""
    if not label:
        return "political"
    if label not in AD_LABELS:
        raise BadInput(f"label must be one of {', '.join(AD_LABELS)}, got {label!r}", field="label")
    return label


def _check_reviewer(finding: Finding, user: User) -> None:
    if role_of(user) is None or organisation_of(user) is None:
        raise NotAllowed("only members of an organisation of the network review findings")
    if not can_see(user, finding):
        raise NotFound(f"no finding {finding.pk}")


def _check_sequence(finding: Finding, user: User, decision: str, label: str) -> None:
    latest = current(finding)
    if latest is not None and latest.decision == decision and latest.label == label:
        raise InvalidTransition(
            f"finding {finding.pk} is already {_STATE_OF[decision]} (by {latest.by.get_username()})"
        )
    opposite = Verdict.REJECT if decision == Verdict.CONFIRM else Verdict.CONFIRM
    if finding.reviews.filter(by=user, decision=opposite).exists():
        raise NotAllowed(
            f"you already decided {opposite.value} on finding {finding.pk}: "
            "another member must decide to reverse it"
        )


def decide(
    finding: Finding, user: User, decision: str, comment: str = "", label: str = ""
) -> FindingReview:
    """Record ``user``'s decision on ``finding``; it becomes the finding's state.

    Raises NotFound when the user may not read the finding, NotAllowed for non-members and for a
    person reversing their own decision, InvalidTransition when it changes nothing.
    """
    if decision not in Verdict.values:
        raise BadInput(
            f"decision must be one of {', '.join(Verdict.values)}, got {decision!r}",
            field="decision",
        )
    _check_reviewer(finding, user)
    clean_label = _label(finding, decision, label)
    organisation = organisation_of(user)
    assert organisation is not None  # noqa: S101 - _check_reviewer made sure
    with transaction.atomic():
        Finding.objects.select_for_update().filter(pk=finding.pk).first()  # one decision at a time
        _check_sequence(finding, user, decision, clean_label)
        review = FindingReview.objects.create(
            finding=finding,
            decision=decision,
            label=clean_label,
            comment=comment.strip(),
            by=user,
            organisation=organisation,
        )
        summary = f"review: {decision}" + (f" ({clean_label})" if clean_label else "")
        details = {"review_id": review.pk, "label": clean_label, "comment": review.comment}
        record(user, "change", finding, summary, details)
    return review
