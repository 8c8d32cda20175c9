"""The ``sanctions`` matcher: candidates from small indexes, then layered evidence per entity.

See :mod:`cdnet.analysis.detectors.sanctions_match` for the signals, weights and the rules
against. A :class:`Matcher` is a plain picklable object, shipped to every engine worker with the
batch kernel.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from cdnet.analysis.detectors.sanctions_match import (
    NEUTRAL,
    STRONG,
    WEIGHTS,
    Channel,
    Listed,
    NameHit,
    Rules,
    Verdict,
    _label,
    channel_handles,
    channel_hosts,
    combine,
    description_hosts,
    match_name,
    on_domain,
    prepare,
    registrable,
)
from cdnet.analysis.detectors.sanctions_text import strip_honorifics, token_variants
from cdnet.analysis.reference.sanctions import Entity

#: Official domains of outlets often confused with listed ones (RTL, RTÉ, RTP, n-tv, NTV Türkiye);
#: the shipped protected-outlet list is added to these.
OTHER_OUTLETS = frozenset(
    "rtl.de rtl.fr rtl.lu rtl.nl rtl.be rtl.hr rtl.hu rte.ie rtp.pt rts.ch rts.rs rtve.es rtbf.be "
    "rtk.com rtr.ch rtv.be dw.com n-tv.de ntv.com.tr ntv.co.jp ntv.co.ke nhk.or.jp "
    "sputnikphotos.com ria.com riamoneytransfer.com lenta.com".split()
)
_LAYER = {
    "domain": "site",
    "mirror": "site",
    "description": "site",
    "other-tld": "site",
    "other-tld-short": "site",
    "handle": "handle",
    "handle-other": "handle",
    "country": "country",
}


@dataclass(frozen=True)
class Seen:
    """What one channel shows, folded once and compared with every candidate entity."""

    channel: Channel
    spellings: list[tuple[str, ...]]
    hosts: list[str]
    handles: set[str]
    described: list[str]
    honorifics: list[str]
    words: set[str]


class Matcher:
    """Scores channels against a register; build once per run, reuse for every batch."""

    def __init__(self, entities: tuple[Entity, ...], rules: Rules, outlets: frozenset[str]):
        self.rules = rules
        self.listed = tuple(prepare(e) for e in entities)
        self.outlets = outlets | OTHER_OUTLETS
        self.by_token: dict[str, set[int]] = {}
        self.by_key: dict[str, set[int]] = {}
        for i, listed in enumerate(self.listed):
            for name in listed.names:
                for spelling in name.spellings:
                    for token in spelling:
                        self.by_token.setdefault(token, set()).add(i)
            keys = {*listed.bare_handles, *listed.labels, *listed.domains, *listed.mirrors}
            for key in keys:
                self.by_key.setdefault(key, set()).add(i)
        self.vocabulary = [t for t in self.by_token if len(t) >= rules.min_fuzzy_length]

    def seen(self, channel: Channel) -> Seen:
        text, honorifics = strip_honorifics(channel.name)
        spellings = token_variants(text)
        return Seen(
            channel=channel,
            spellings=spellings,
            hosts=channel_hosts(channel),
            handles=channel_handles(channel),
            described=description_hosts(channel),
            honorifics=honorifics,
            words={t for s in spellings for t in s},
        )

    def candidates(self, seen: Seen) -> set[int]:
        """Entities sharing a word (or a close long word), a handle or a domain with the channel."""
        found: set[int] = set()
        for word in seen.words:
            found |= self.by_token.get(word, set())
            if len(word) >= self.rules.min_fuzzy_length and self.vocabulary:
                cutoff = self.rules.fuzzy_threshold
                for close, _, _ in process.extract(
                    word, self.vocabulary, scorer=Levenshtein.normalized_similarity,
                    score_cutoff=cutoff / 100.0, limit=None,
                ):  # fmt: skip
                    found |= self.by_token[close]
        for handle in seen.handles:
            found |= self.by_key.get(handle.split(":", 1)[1], set())
        for host in (*seen.hosts, *seen.described):
            for key in (host, registrable(host), _label(host)):
                found |= self.by_key.get(key, set())
        return found

    def match(self, channel: Channel) -> list[Verdict]:
        """The entity (or entities, on a tie) the channel's evidence points to most strongly.

        A channel is one outlet: when RT Arabic's channel also matches RT through the shared
        domain rt.com, only the stronger, more specific entity is reported (no threshold here).
        """
        seen = self.seen(channel)
        verdicts = [self.verdict(self.listed[i], seen) for i in sorted(self.candidates(seen))]
        found = [v for v in verdicts if v is not None]
        if not found:
            return []
        best = max(v.score for v in found)
        tied = [v for v in found if v.score >= best]
        # On a tie the entity whose evidence says more (arabic.rt.com and "RT Arabic" against
        # rt.com and "RT") is the one the channel belongs to.
        most = max(_specificity(v) for v in tied)
        return sorted(
            (v for v in tied if _specificity(v) >= most), key=lambda v: v.entity.entity_id
        )

    def verdict(self, listed: Listed, seen: Seen) -> Verdict | None:
        verdict = Verdict(listed.entity)
        best: dict[str, tuple[str, str, float]] = {}
        hit = match_name(listed, seen.spellings, self.rules) if seen.spellings else None
        for signal, value in _site_and_handle(listed, seen):
            layer = _LAYER[signal]
            if layer not in best or WEIGHTS[signal] > best[layer][2]:
                best[layer] = (signal, value, WEIGHTS[signal])
        if hit is not None:
            best["name"] = (hit.signal, hit.value, hit.score)
        if not best:
            return None
        entity, country = listed.entity, seen.channel.country.strip().upper()
        if country and country == entity.country:
            best["country"] = ("country", country, WEIGHTS["country"])
        verdict.evidence = [(s, v) for s, v, _ in best.values()]
        base = combine(w for _, _, w in best.values())
        factor = self._against(listed, seen, hit, verdict.against)
        strong = any(s in STRONG for s, _, _ in best.values())
        if hit is not None and _weak_only(best):
            verdict.against.append("a short or common name needs a second signal")
            base = min(base, WEIGHTS["weak-name-whole"])
        verdict.score = round(base * (max(factor, 0.9) if strong else factor), 4)
        return verdict

    def _against(self, listed: Listed, seen: Seen, hit: NameHit | None, notes: list[str]) -> float:
        """Multiply the evidence down for what argues against the match; note each reason."""
        factor = 1.0
        own = listed.domains | listed.mirrors
        for host in seen.hosts:
            if on_domain(host, self.outlets) and not on_domain(host, own):
                notes.append(f"links to {host}, the official domain of another outlet")
                factor *= 0.3
                break
        said = sorted(seen.words & self.rules.against_words)
        if said:
            notes.append("the name also says " + ", ".join(repr(w) for w in said))
            factor *= 0.5
        country, theirs = seen.channel.country.strip().upper(), listed.entity.country
        if country and theirs and country != theirs:
            notes.append(f"the channel's country {country} is not the entity's {theirs}")
            factor *= 0.6
        if hit is not None:
            other = [t for t in hit.extra if t not in NEUTRAL and t not in self.rules.against_words]
            if other:
                notes.append("other words in the name: " + " ".join(other[:5]))
                each = 0.7 if listed.entity.kind == "person" else 0.85  # a namesake
                factor *= each ** min(len(other), 3)
        notes.extend(f"ignored the honorific {h!r}" for h in seen.honorifics)
        return factor


def _weak_only(best: dict[str, tuple[str, str, float]]) -> bool:
    """The name is short or common and nothing but the country supports it."""
    name = best.get("name")
    return (
        name is not None
        and name[0].startswith("weak-name")
        and not ({"site", "handle"} & best.keys())
    )


def _site_and_handle(listed: Listed, seen: Seen) -> list[tuple[str, str]]:
    """The domain, mirror, other-ending, description and handle signals of one entity."""
    found: list[tuple[str, str]] = []
    for host in seen.hosts:
        if domain := on_domain(host, listed.domains):
            found.append(("domain", domain))
        elif mirror := on_domain(host, listed.mirrors):
            found.append(("mirror", mirror))
        elif (label := _label(host)) in listed.labels:
            found.append(("other-tld" if len(label) >= 4 else "other-tld-short", host))
    for host in seen.described:
        if on_domain(host, listed.domains | listed.mirrors):
            found.append(("description", host))
    for handle in sorted(seen.handles):
        if handle in listed.handles:
            found.append(("handle", handle))
        elif handle.split(":", 1)[1] in listed.bare_handles:
            found.append(("handle-other", handle))
    return found


def _specificity(verdict: Verdict) -> int:
    """How much of the channel a verdict's evidence covers (characters of matched values)."""
    return sum(len(value) for _, value in verdict.evidence)
