"""Whom an alert should go to: suggestions from its countries, platforms, elections, topics, TLP.

The coordinator edits the list (the send form pre-ticks the suggestions); nothing is sent from
here. The rules, each giving a reason shown next to the recipient:

- **countries** (the alert's target countries and the countries of its elections): government
  recipients covering one of them, as "Digital Services Coordinator of FR" when their role says so,
  otherwise "national authority in FR"; other non-platform recipients as "covers FR";
- **platforms**: the platform's trust-and-safety contacts; its Rapid Response System contact only
  when the alert names an election; platform contacts limited to other countries are skipped;
- **topics** (``elections`` when the alert names an election, ``fimi`` when it attributes the
  operation to a state actor): non-platform recipients working on them (EU-wide bodies included);
- **TLP**: a recipient cleared below the alert's TLP is never suggested; it is listed as excluded
  with the reason, and the send form does not let anyone tick it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdnet.cases.models import Alert
from cdnet.dispatch.tlp import allows
from cdnet.network.countries import normalise_country
from cdnet.network.models import Recipient, RecipientCategory

PLATFORM_ALIASES = {
    "twitter": "x",
    "facebook": "meta",
    "instagram": "meta",
    "threads": "meta",
    "whatsapp": "meta",
    "messenger": "meta",
}
CATEGORY_ORDER = {c: i for i, c in enumerate(RecipientCategory.values)}


def canonical_platform(name: str) -> str:
    """``Twitter`` and ``x`` are one platform, so are Facebook, Instagram and Meta."""
    key = name.strip().lower()
    return PLATFORM_ALIASES.get(key, key)


@dataclass(frozen=True)
class Suggestion:
    recipient: Recipient
    reasons: tuple[str, ...]
    excluded_because: str = ""

    @property
    def excluded(self) -> bool:
        return bool(self.excluded_because)


@dataclass(frozen=True)
class Targets:
    """What the routing rules look at, taken from an alert."""

    countries: frozenset[str]
    platforms: frozenset[str]
    elections: tuple[str, ...]
    topics: frozenset[str]
    tlp: str

    @classmethod
    def of(cls, alert: Alert) -> Targets:
        elections = tuple(alert.target_elections)
        countries = {normalise_country(c) for c in alert.target_countries}
        countries |= set(election_countries(elections).values())
        topics = {"elections"} if elections else set()
        if alert.attribution:
            topics.add("fimi")
        return cls(
            countries=frozenset(countries),
            platforms=frozenset(canonical_platform(p) for p in alert.platforms),
            elections=elections,
            topics=frozenset(topics),
            tlp=alert.tlp,
        )


def election_countries(election_ids: tuple[str, ...]) -> dict[str, str]:
    """The country of each election: from the election table, else the id (``fr-2024-06-30``)."""
    from cdnet.dispatch.models import Election

    known = dict(
        Election.objects.filter(election_id__in=election_ids).values_list("election_id", "country")
    )
    found: dict[str, str] = {}
    for eid in election_ids:
        code = known.get(eid) or eid.split("-", 1)[0]
        if len(code) == 2 and code.isalpha():
            found[eid] = normalise_country(code)
    return found


def coverage(recipient: Recipient) -> set[str]:
    """The countries a recipient covers: its list, plus its own country."""
    codes = {normalise_country(c) for c in recipient.countries if str(c).strip()}
    return codes | ({normalise_country(recipient.country)} if recipient.country else set())


def is_dsc(recipient: Recipient) -> bool:
    role = recipient.role.strip().lower()
    return "digital services coordinator" in role or role == "dsc"


def _country_reasons(r: Recipient, t: Targets) -> list[str]:
    hits = sorted(coverage(r) & t.countries)
    if r.category == RecipientCategory.PLATFORM or not hits:
        return []
    where = ", ".join(hits)
    if r.category == RecipientCategory.GOVERNMENT:
        return [
            f"Digital Services Coordinator of {where}" if is_dsc(r) else f"authority in {where}"
        ]
    return [f"covers {where}"]


def _elsewhere(r: Recipient, t: Targets) -> bool:
    """A recipient limited to countries the alert does not touch."""
    covered = coverage(r)
    return bool(covered and t.countries and not covered & t.countries)


def _platform_reasons(r: Recipient, t: Targets) -> list[str]:
    if r.category != RecipientCategory.PLATFORM or not r.platform:
        return []
    if canonical_platform(r.platform) not in t.platforms or _elsewhere(r, t):
        return []
    if r.is_rrs_contact:
        if not t.elections:
            return []
        return [f"Rapid Response System contact of {r.platform} ({', '.join(t.elections)})"]
    return [f"{r.role or 'trust and safety'} contact of {r.platform}, named in the alert"]


def _topic_reasons(r: Recipient, t: Targets) -> list[str]:
    hits = sorted({str(topic).strip().lower() for topic in r.topics} & t.topics)
    if not hits or r.category == RecipientCategory.PLATFORM or _elsewhere(r, t):
        return []
    return [f"works on {', '.join(hits)}"]


def reasons_for(recipient: Recipient, targets: Targets) -> tuple[str, ...]:
    return tuple(
        _country_reasons(recipient, targets)
        + _platform_reasons(recipient, targets)
        + _topic_reasons(recipient, targets)
    )


@dataclass(frozen=True)
class Routing:
    suggested: list[Suggestion]
    #: active recipients cleared below the alert's TLP (matching ones first), never sendable
    excluded: list[Suggestion]
    #: active recipients that may receive the alert but match no rule
    others: list[Recipient]


def _order(recipient: Recipient) -> tuple[int, str]:
    return CATEGORY_ORDER.get(recipient.category, 99), recipient.name.lower()


def route(alert: Alert) -> Routing:
    targets = Targets.of(alert)
    suggested: list[Suggestion] = []
    excluded: list[Suggestion] = []
    others: list[Recipient] = []
    for recipient in sorted(Recipient.objects.filter(active=True), key=_order):
        reasons = reasons_for(recipient, targets)
        if not allows(recipient.max_tlp, alert.tlp):
            why = f"cleared up to TLP:{recipient.max_tlp}; this alert is TLP:{alert.tlp}"
            excluded.append(Suggestion(recipient, reasons, why))
        elif reasons:
            suggested.append(Suggestion(recipient, reasons))
        else:
            others.append(recipient)
    excluded.sort(key=lambda s: not s.reasons)
    return Routing(suggested, excluded, others)


def suggest_recipients(alert: Alert) -> list[Suggestion]:
    """The recipients the alert should go to, each with why; see :func:`route` for the rest."""
    return route(alert).suggested
