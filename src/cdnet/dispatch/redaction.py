"""What one recipient may see of an alert.

Recipients are outside the network, so:

- the people of the network never appear: their names, e-mail addresses and ``@username``
  mentions in the alert's text become the organisation credited on the alert (or "the network");
- findings and evidence whose own TLP is above the recipient's highest TLP are left out, and so are
  Markdown sections whose heading carries a higher marking (``## Sources [TLP:RED]``);
- an alert whose own TLP is above the recipient's highest TLP is refused outright (NotAllowed).

The result, an :class:`AlertView`, is all a renderer gets: it never reads the alert itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.contrib.auth.models import User

from cdnet.cases.alerts import credits
from cdnet.cases.models import Alert
from cdnet.dispatch.tlp import allows
from cdnet.errors import NotAllowed
from cdnet.network.models import Member, Recipient

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_MARKING = re.compile(r"TLP:(CLEAR|GREEN|AMBER\+STRICT|AMBER|RED)\b", re.IGNORECASE)
_ODD_USERNAME = re.compile(r"[\d._-]")


@dataclass(frozen=True)
class FindingView:
    subject: str
    explanation: str
    platform: str


@dataclass(frozen=True)
class EvidenceView:
    title: str
    url: str
    sha256: str
    captured: str


@dataclass(frozen=True)
class AlertView:
    """An alert as one recipient may see it."""

    alert_id: int
    title: str
    tlp: str
    pap: str
    summary: str
    what_happened: str
    recommended_actions: str
    actor: str
    attribution: str
    countries: tuple[str, ...]
    elections: tuple[str, ...]
    platforms: tuple[str, ...]
    techniques: tuple[tuple[str, str], ...]
    findings: tuple[FindingView, ...]
    evidence: tuple[EvidenceView, ...]
    credit: tuple[str, ...]
    withheld: int

    def as_data(self) -> dict[str, object]:
        """JSON-ready, for webhooks (the ``withheld`` count stays inside the network)."""
        data: dict[str, object] = {
            key: list(value) if isinstance(value, tuple) else value
            for key, value in asdict(self).items()
            if key != "withheld"
        }
        data["techniques"] = [{"id": tid, "name": name} for tid, name in self.techniques]
        return data


def drop_marked_sections(text: str, max_tlp: str) -> tuple[str, int]:
    """Remove Markdown sections whose heading is marked above ``max_tlp``; count them."""
    kept: list[str] = []
    dropped, skipping = 0, 0  # skipping: the heading level being skipped, 0 for none
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            if skipping and level <= skipping:
                skipping = 0
            marking = _MARKING.search(heading.group(2))
            if not skipping and marking and not allows(max_tlp, marking.group(1).upper()):
                skipping, dropped = level, dropped + 1
        if not skipping:
            kept.append(line)
    return "\n".join(kept), dropped


def _identifiers(user: User) -> list[str]:
    names = [f"@{user.get_username()}"]
    if user.email:
        names.append(user.email)
    full = user.get_full_name().strip()
    if full and " " in full:
        names.append(full)
    if _ODD_USERNAME.search(user.get_username()):
        names.append(user.get_username())
    return names


def member_scrubber(alert: Alert, network_label: str) -> Callable[[str], str]:
    """A function that replaces every member's identity in a text with their credited org."""
    credited = set(credits(alert))
    users = {m.user_id: m for m in Member.objects.select_related("user", "organisation")}
    extra = User.objects.filter(
        pk__in=[alert.created_by_id, *alert.authors.values_list("pk", flat=True)]
    )
    replacement: dict[str, str] = {}
    people = [(m.user, m.organisation.name) for m in users.values()]
    people += [(u, "") for u in extra if u.pk not in users]
    for user, org in people:
        label = org if org in credited else network_label
        for token in _identifiers(user):
            replacement.setdefault(token.lower(), label)
    if not replacement:
        return lambda text: text
    tokens = sorted(replacement, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w@.])(" + "|".join(re.escape(t) for t in tokens) + r")(?![\w@])", re.IGNORECASE
    )
    return lambda text: pattern.sub(lambda m: replacement[m.group(1).lower()], text)


def _sections(
    alert: Alert, max_tlp: str, scrub: Callable[[str], str]
) -> tuple[dict[str, str], int]:
    texts, withheld = {}, 0
    for name in ("summary", "what_happened", "recommended_actions"):
        text, dropped = drop_marked_sections(getattr(alert, name), max_tlp)
        texts[name], withheld = scrub(text), withheld + dropped
    return texts, withheld


def _findings(alert: Alert, max_tlp: str, scrub: Callable[[str], str]) -> list[FindingView]:
    return [
        FindingView(scrub(f.subject), scrub(f.explanation), f.platform)
        for f in alert.findings.all()[:200]
        if allows(max_tlp, f.tlp)
    ]


def _evidence(alert: Alert, max_tlp: str, scrub: Callable[[str], str]) -> list[EvidenceView]:
    items = alert.evidence.order_by("captured_at", "pk")
    return [
        EvidenceView(scrub(e.title), e.source_url, e.sha256, f"{e.captured_at:%Y-%m-%d}")
        for e in items
        if allows(max_tlp, e.tlp)
    ]


def redact(alert: Alert, recipient: Recipient, network_label: str = "the network") -> AlertView:
    """The alert as ``recipient`` may see it; NotAllowed when its TLP is above their clearance."""
    max_tlp = recipient.max_tlp
    if not allows(max_tlp, alert.tlp):
        raise NotAllowed(
            f"{recipient.name} may receive up to TLP:{max_tlp}; alert {alert.pk} is TLP:{alert.tlp}"
        )
    scrub = member_scrubber(alert, network_label)
    texts, withheld = _sections(alert, max_tlp, scrub)
    findings = _findings(alert, max_tlp, scrub)
    evidence = _evidence(alert, max_tlp, scrub)
    withheld += alert.findings.count() - len(findings) + alert.evidence.count() - len(evidence)
    return AlertView(
        alert_id=alert.pk,
        title=scrub(alert.title),
        tlp=alert.tlp,
        pap=alert.pap,
        actor=scrub(alert.actor),
        attribution=_attribution(alert),
        countries=tuple(alert.target_countries),
        elections=tuple(alert.target_elections),
        platforms=tuple(alert.platforms),
        techniques=tuple((t.external_id, t.name) for t in alert.techniques.all()),
        findings=tuple(findings),
        evidence=tuple(evidence),
        credit=tuple(credits(alert)),
        withheld=withheld,
        summary=texts["summary"],
        what_happened=texts["what_happened"],
        recommended_actions=texts["recommended_actions"],
    )


def _attribution(alert: Alert) -> str:
    if not alert.attribution:
        return ""
    return f"{alert.get_attribution_display()} ({alert.get_attribution_confidence_display()})"
