"""Scoring one channel against the sanctions register: layered evidence for and against.

Evidence *for* an entity (each with a weight, the strongest per layer kept):

=============  ======  ==========================================================================
signal         weight  meaning
=============  ======  ==========================================================================
domain         0.97    the channel's url or links are on an official domain of the entity
mirror         0.95    ... on a listed mirror domain
handle         0.93    the channel's handle (or profile URL) is a listed ``platform:handle``
name / alias   <=0.85  every word of a distinctive name or alias is in the channel name
handle-other   0.60    the handle is listed, but for another platform
description    0.60    the description names an official or mirror domain
weak-name      0.45    a short (RT, NTV) or common-word (Sputnik, Lenta) name; 0.60 when it *is*
                       the whole channel name
other-tld      0.50    a link's registrable name is the entity's under another ending (0.20 when
                       that name has fewer than 4 letters: rt.xx, ntv.xx say little)
country        0.30    the channel's country is the entity's (only alongside another signal)
=============  ======  ==========================================================================

The score is ``1 - prod(1 - weight)`` over the strongest signal of each layer (site, handle,
name, country); a short or common name with no site or handle signal stays at 0.60 at most.
It is then reduced by evidence *against*: a link to another outlet's official domain (x0.3),
words that make the name something else ("photos", "money transfer", "supermarket": x0.5),
another country (x0.6), or other words in the channel name (x0.85 each, at most three).
A domain or handle match keeps most of its weight (x0.9) whatever argues against it. Only
scores at or above ``min_score`` become findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from cdnet.analysis.detectors.lookalike_match import extractor
from cdnet.analysis.detectors.sanctions_text import token_variants
from cdnet.analysis.reference.protected import normalise_host
from cdnet.analysis.reference.sanctions import Entity, normalise_handle, normalise_platform

WEIGHTS = {
    "domain": 0.97,
    "mirror": 0.95,
    "handle": 0.93,
    "name": 0.85,
    "alias": 0.8,
    "handle-other": 0.6,
    "description": 0.6,
    "weak-name": 0.45,
    "weak-name-whole": 0.6,
    "other-tld": 0.5,
    "other-tld-short": 0.2,
    "country": 0.3,
}
#: Which FORMATS.md ``matched_on`` value each signal stands for.
MATCHED_ON = {
    "domain": "domain",
    "mirror": "domain",
    "description": "domain",
    "other-tld": "domain",
    "other-tld-short": "domain",
    "handle": "handle",
    "handle-other": "handle",
    "name": "name",
    "alias": "alias",
    "weak-name": "name",
    "weak-name-whole": "name",
}
STRONG = frozenset({"domain", "mirror", "handle"})
#: Hosts of platforms: a link there is a profile, not an outlet's own site.
PLATFORM_HOSTS = {
    "t.me": "telegram",
    "telegram.me": "telegram",
    "x.com": "x",
    "twitter.com": "x",
    "youtube.com": "youtube",
    "facebook.com": "facebook",
    "instagram.com": "instagram",
    "vk.com": "vk",
    "ok.ru": "ok",
    "tiktok.com": "tiktok",
    "rumble.com": "rumble",
    "odysee.com": "odysee",
}
#: Words that qualify an outlet's name (language, edition, medium) without naming it.
QUALIFIERS = frozenset(
    "tv news channel official live online radio video en de fr es it ar ru uk us english deutsch "
    "francais espanol arabic russian na russkom po russki novosti nachrichten noticias actualite "
    "telegram page".split()
)
#: Words of a channel name that say nothing about which outlet it is.
NEUTRAL = QUALIFIERS | frozenset("the a of in on today daily info media breaking 24".split())
_PATH = re.compile(r"^(?:[a-z]+://)?[^/]+", re.IGNORECASE)
_DOMAIN_IN_TEXT = re.compile(r"(?<![\w@.-])((?:[a-z0-9-]+\.)+[a-z]{2,})(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Rules:
    """The thresholds and word lists of the detector's Config, as the matcher uses them."""

    fuzzy_threshold: float = 88.0
    short_name_length: int = 3
    min_fuzzy_length: int = 5
    common_words: frozenset[str] = frozenset()
    against_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Name:
    """A name or alias of an entity, as token sequences over its spellings."""

    text: str
    kind: str  # "name" or "alias"
    spellings: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Listed:
    """An entity prepared for matching."""

    entity: Entity
    names: tuple[Name, ...]
    handles: frozenset[str]
    bare_handles: frozenset[str]
    domains: frozenset[str]
    mirrors: frozenset[str]
    labels: frozenset[str]


@dataclass(frozen=True)
class Channel:
    """The parts of a channel row the matcher reads."""

    channel_id: str
    platform: str
    name: str
    handle: str = ""
    description: str = ""
    url: str = ""
    links: tuple[str, ...] = ()
    country: str = ""


@dataclass
class Verdict:
    """The evidence for and against one (channel, entity) pair and the score it gives."""

    entity: Entity
    evidence: list[tuple[str, str]] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    score: float = 0.0

    @property
    def matched_on(self) -> str:
        best = max(
            (s for s, _ in self.evidence if s in MATCHED_ON), key=lambda s: WEIGHTS[s], default=""
        )
        return MATCHED_ON.get(best, "name")


def prepare(entity: Entity) -> Listed:
    names = [Name(entity.name, "name", tuple(token_variants(entity.name)))]
    names += [Name(a, "alias", tuple(token_variants(a))) for a in entity.aliases]
    return Listed(
        entity=entity,
        names=tuple(n for n in names if n.spellings),
        handles=frozenset(entity.handles),
        bare_handles=frozenset(h.split(":", 1)[1] for h in entity.handles),
        domains=frozenset(entity.domains),
        mirrors=frozenset(entity.mirrors),
        labels=frozenset(_label(d) for d in (*entity.domains, *entity.mirrors)) - {""},
    )


def registrable(host: str) -> str:
    parts = extractor()(host)
    return f"{parts.domain}.{parts.suffix}" if parts.domain and parts.suffix else host


def _label(host: str) -> str:
    return extractor()(host).domain


def on_domain(host: str, domains: Iterable[str]) -> str:
    """The listed domain ``host`` is (or is a subdomain of), or empty."""
    return next((d for d in domains if host == d or host.endswith("." + d)), "")


def channel_hosts(channel: Channel) -> list[str]:
    """Host names of the channel's url and links, platform profile hosts left out."""
    hosts = [normalise_host(v) for v in (channel.url, *channel.links) if v and v.strip()]
    return [
        h for h in dict.fromkeys(hosts) if h and "." in h and on_domain(h, PLATFORM_HOSTS) == ""
    ]


def channel_handles(channel: Channel) -> set[str]:
    """``platform:handle`` strings of the channel: its handle, and profile URLs it links."""
    platform = normalise_platform(channel.platform)
    found = {normalise_handle(channel.handle, platform)} if channel.handle else set()
    for value in (channel.url, *channel.links):
        host = normalise_host(value or "")
        site = PLATFORM_HOSTS.get(host)
        if not site:
            continue
        path = _PATH.sub("", value.strip()).split("?", 1)[0].strip("/").split("/")
        if path[0] in ("s", "c", "channel", "user") and len(path) > 1:
            path = path[1:]  # t.me/s/name, youtube.com/c/name and /channel/ID
        if path[0]:
            found.add(normalise_handle(path[0], site))
    return {h for h in found if h and not h.startswith(":")}


def description_hosts(channel: Channel) -> list[str]:
    return [normalise_host(m) for m in _DOMAIN_IN_TEXT.findall(channel.description or "")]


def _token_similarity(want: str, seen: str, rules: Rules) -> float:
    """1.0 for the same token; a fuzzy ratio for long tokens; 0 otherwise (RT is never RTL)."""
    if want == seen:
        return 1.0
    if min(len(want), len(seen)) < rules.min_fuzzy_length:
        return 0.0
    ratio = fuzz.ratio(want, seen)
    return ratio / 100.0 if ratio >= rules.fuzzy_threshold else 0.0


def _cover(name: tuple[str, ...], seen: tuple[str, ...], rules: Rules) -> tuple[float, set[int]]:
    """Mean similarity when every token of ``name`` is in ``seen`` (0 otherwise), tokens used."""
    used: set[int] = set()
    total = 0.0
    for want in name:
        best, where = 0.0, -1
        for i, token in enumerate(seen):
            if i not in used and (sim := _token_similarity(want, token, rules)) > best:
                best, where = sim, i
        if where < 0:
            return 0.0, set()
        used.add(where)
        total += best
    return total / len(name), used


def _is_weak(name: tuple[str, ...], rules: Rules) -> bool:
    """A name whose only telling word is short (RT, NTV) or common (Sputnik, Lenta, RIA)."""
    core = [t for t in name if t not in QUALIFIERS]
    if len(core) > 1:
        return False
    word = core[0] if core else name[0]
    return len(word) <= rules.short_name_length or word in rules.common_words


@dataclass(frozen=True)
class NameHit:
    signal: str
    value: str
    score: float
    extra: tuple[str, ...]


def match_name(listed: Listed, seen: list[tuple[str, ...]], rules: Rules) -> NameHit | None:
    """The best name or alias of ``listed`` fully present in one spelling of the channel name."""
    best: NameHit | None = None
    for name in listed.names:
        for spelling in name.spellings:
            for tokens in seen:
                sim, used = _cover(spelling, tokens, rules)
                if not sim:
                    continue
                extra = tuple(t for i, t in enumerate(tokens) if i not in used)
                hit = _name_hit(name, spelling, sim, extra, rules)
                if best is None or hit.score > best.score:
                    best = hit
    return best


def _name_hit(
    name: Name, spelling: tuple[str, ...], sim: float, extra: tuple[str, ...], rules: Rules
) -> NameHit:
    if _is_weak(spelling, rules):
        whole = sim == 1.0 and all(t in NEUTRAL for t in extra)
        signal = "weak-name-whole" if whole else "weak-name"
        return NameHit(signal, name.text, WEIGHTS[signal] * sim, extra)
    return NameHit(name.kind, name.text, WEIGHTS[name.kind] * sim**2, extra)


def combine(weights: Iterable[float]) -> float:
    """Independent signals: ``1 - prod(1 - w)``."""
    miss = 1.0
    for weight in weights:
        miss *= 1.0 - weight
    return 1.0 - miss
