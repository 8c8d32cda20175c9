"""The matching core of ``lookalike-domains``: which protected domain a host name imitates.

An index over the protected list answers, for one host name, at most one match on its
registrable domain (homoglyph, tld-swap, hyphenation, typo, combosquat, in that order) and at most
one on its subdomain labels. Every lookup is a dictionary hit except the typo search, which runs
rapidfuzz over the brands of similar length only.

Brands come in three classes (``brand_words.csv``): *distinctive* (``spiegel``), *word*
(``welt``: an ordinary word that still names the outlet) and *generic* (``news``: the label alone
does not point to one outlet). Words and generic labels get fewer techniques; see the docs page.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import tldextract
from rapidfuzz import process
from rapidfuzz.distance import OSA

from cdnet.analysis.reference.indicators import Indicator, Indicators
from cdnet.analysis.reference.protected import Outlet, normalise_host

DISTINCTIVE, WORD, GENERIC = "distinctive", "word", "generic"

# Characters that render like a Latin letter (a small subset of Unicode's confusables.txt:
# Cyrillic, Greek and Latin look-alikes), plus ASCII tricks applied after them.
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁɡһӏкмтвнпгԛԝοαεіικνρτυχωѵℓı",
    "aeopcyxijsdghlkmtbhnrqwoaeiikvptuxwvli",
)
_ASCII_CONFUSABLES = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("i", "l"))
_TOKENS = re.compile(r"[^\W\d_]+|\d+")


@functools.cache
def extractor() -> tldextract.TLDExtract:
    """The suffix-list parser: bundled snapshot only (never the network), private suffixes on."""
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def skeleton(label: str) -> str:
    """What a label looks like: confusable characters folded to one Latin prototype."""
    text = label.translate(_CONFUSABLES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    for seen, prototype in _ASCII_CONFUSABLES:
        text = text.replace(seen, prototype)
    return text


@dataclass(frozen=True)
class Brand:
    """A protected outlet as a brand: the label to protect and the domain that owns it."""

    outlet: Outlet
    label: str
    suffix: str
    registrable: str
    kind: str

    @property
    def suffix_tokens(self) -> frozenset[str]:
        return frozenset(self.suffix.split("."))


@dataclass(frozen=True)
class Match:
    """A host imitating a brand: technique, score, and a short description of the evidence."""

    brand: Brand
    technique: str
    score: float
    detail: str


@dataclass(frozen=True)
class Rules:
    """The thresholds the index applies (see ``lookalike_domains.Config``)."""

    min_brand_length: int = 3
    min_typo_length: int = 5
    long_brand_length: int = 9
    min_combo_length: int = 5
    min_substring_length: int = 7
    lure_words: frozenset[str] = frozenset()


def _doubled_variants(label: str) -> set[str]:
    """The label with one letter doubled, or one doubled letter written once."""
    out = {label[: i + 1] + label[i] + label[i + 1 :] for i in range(len(label))}
    out |= {label[:i] + label[i + 1 :] for i in range(1, len(label)) if label[i] == label[i - 1]}
    out.discard(label)
    return out


class BrandIndex:
    """Lookups from host names to the protected brands they imitate."""

    def __init__(
        self, outlets: Iterable[Outlet], words: dict[str, str], rules: Rules | None = None
    ) -> None:
        self.rules = rules or Rules()
        self.owned: set[str] = set()
        self.brands: list[Brand] = []
        self.by_label: dict[str, list[Brand]] = defaultdict(list)
        self.by_skeleton: dict[str, list[Brand]] = defaultdict(list)
        self.by_stripped: dict[str, list[Brand]] = defaultdict(list)
        self.by_joined: dict[str, list[Brand]] = defaultdict(list)
        self.doubled: dict[str, list[Brand]] = defaultdict(list)
        self.by_length: dict[int, list[str]] = defaultdict(list)
        for outlet in outlets:
            brand = self._brand(outlet, words)
            if brand is not None:
                self._add(brand)

    def _brand(self, outlet: Outlet, words: dict[str, str]) -> Brand | None:
        parts = extractor()(outlet.domain)
        if not parts.suffix or not parts.domain:
            return None
        registrable = f"{parts.domain}.{parts.suffix}"
        self.owned.add(registrable)
        subs = [s for s in parts.subdomain.split(".") if s and s != "www"]
        label, suffix = (
            (subs[0], ".".join([*subs[1:], registrable]))
            if subs
            else (
                parts.domain,
                parts.suffix,
            )
        )
        kind = words.get(label, DISTINCTIVE)
        if len(label) < self.rules.min_brand_length or label.isdigit():
            kind = GENERIC
        return Brand(outlet, label, suffix, registrable, kind)

    def _add(self, brand: Brand) -> None:
        label = brand.label
        self.brands.append(brand)
        self.by_label[label].append(brand)
        self.by_skeleton[skeleton(label)].append(brand)
        self.by_joined[f"{label}-{brand.suffix.replace('.', '-')}"].append(brand)
        if brand.kind == GENERIC:
            return
        self.by_stripped[label.replace("-", "")].append(brand)
        for variant in _doubled_variants(label):
            self.doubled[variant].append(brand)
        if len(label) >= self.rules.min_typo_length and label not in self.by_length[len(label)]:
            self.by_length[len(label)].append(label)

    # -- one host -----------------------------------------------------------------------------

    def is_owned(self, registrable: str) -> bool:
        return registrable in self.owned

    def match(self, host: str) -> list[Match]:
        """The matches of one normalised host name (see ``reference.protected.normalise_host``)."""
        parts = extractor()(host)
        if not parts.suffix or not parts.domain:
            return []
        registrable = f"{parts.domain}.{parts.suffix}"
        if registrable in self.owned:
            return []
        subs = [s for s in parts.subdomain.split(".") if s and s != "www"]
        label, suffix = parts.domain, parts.suffix
        found: list[Match] = []
        if parts.is_private and not _pseudo_tld(suffix):
            subs.append(label)  # a user site on a hosting platform: the label is a subdomain
        else:
            on_label = self._on_label(label, suffix, pseudo=parts.is_private)
            found += [on_label] if on_label else []
        on_subs = self._on_subdomains(subs)
        if on_subs and all(m.brand != on_subs.brand for m in found):
            found.append(on_subs)
        return found

    def _on_label(self, label: str, suffix: str, pseudo: bool) -> Match | None:
        found = self._homoglyph(label, suffix) or self._tld_swap(label, suffix, pseudo)
        if found or label in self.by_label:
            return found  # a label that is itself a protected name is no typo of another
        return self._hyphenation(label) or self._typo(label, suffix) or self._combosquat(label)

    def _homoglyph(self, label: str, suffix: str) -> Match | None:
        for brand in self.by_skeleton.get(skeleton(label), []):
            if label == brand.label or (brand.kind == GENERIC and suffix != brand.suffix):
                continue
            detail = ", ".join(f"{a!r} for {b!r}" for a, b in _differences(label, brand.label))
            return Match(brand, "homoglyph", 0.95, detail or "look-alike characters")
        return None

    def _tld_swap(self, label: str, suffix: str, pseudo: bool) -> Match | None:
        for brand in self.by_label.get(label, []):
            if brand.kind != GENERIC and suffix != brand.suffix:
                return Match(brand, "tld-swap", 0.9 if pseudo else 0.85, f".{suffix}")
        return None

    def _hyphenation(self, label: str) -> Match | None:
        for brand in self.by_stripped.get(label.replace("-", ""), []):
            if label != brand.label:
                return Match(brand, "hyphenation", 0.8, "hyphens added or removed")
        return None

    def _typo(self, label: str, suffix: str) -> Match | None:
        for candidate in (label, label.replace("-", "")):
            for brand in self.doubled.get(candidate, []):
                return Match(brand, "typo", 0.7, "a letter doubled or dropped")
        best: tuple[int, str] | None = None
        for length in range(len(label) - 2, len(label) + 3):
            choices = self.by_length.get(length)
            if not choices:
                continue
            for choice, distance, _ in process.extract(
                label, choices, scorer=OSA.distance, score_cutoff=2, limit=None
            ):
                allowed = 2 if len(choice) >= self.rules.long_brand_length else 1
                if 0 < distance <= allowed and (best is None or distance < best[0]):
                    best = (int(distance), choice)
        if best is None:
            return None
        distance, choice = best
        for brand in self.by_label[choice]:
            if brand.kind == WORD and suffix != brand.suffix:
                continue
            short = len(choice) < 7
            score = 0.85 - 0.1 * distance - (0.1 if short else 0.0)
            edits = "one edit" if distance == 1 else f"{distance} edits"
            return Match(brand, "typo", round(score, 2), f"{edits} away")
        return None

    def _combosquat(self, label: str) -> Match | None:
        tokens = _TOKENS.findall(label)
        if len(tokens) > 1:
            for i, token in enumerate(tokens):
                others = tokens[:i] + tokens[i + 1 :]
                found = self._combo_token(token, others)
                if found:
                    return found
        return self._combo_glued(label)

    def _combo_token(self, token: str, others: list[str]) -> Match | None:
        for brand in self.by_label.get(token, []):
            if brand.kind == GENERIC:
                continue
            lure = [w for w in others if w in self.rules.lure_words or w.isdigit()]
            lure += [w for w in others if w in brand.suffix_tokens]
            long_enough = len(token) >= self.rules.min_combo_length and brand.kind == DISTINCTIVE
            if lure or long_enough:
                words = ", ".join(repr(w) for w in others)
                return Match(brand, "combosquat", 0.7 if lure else 0.6, f"with {words}")
        return None

    def _combo_glued(self, label: str) -> Match | None:
        """Brand and word written together: ``spiegelnews``, ``newsbild``."""
        for lure in self.rules.lure_words:
            if len(label) > len(lure) + 2 and label.endswith(lure):
                rest = label[: -len(lure)]
            elif len(label) > len(lure) + 2 and label.startswith(lure):
                rest = label[len(lure) :]
            else:
                continue
            for brand in self.by_label.get(rest, []):
                if brand.kind != GENERIC:
                    return Match(brand, "combosquat", 0.65, f"with {lure!r}")
        longest = min(len(label) - 2, max(self.by_length, default=0))
        for size in range(longest, self.rules.min_substring_length - 1, -1):
            for piece in (label[:size], label[-size:]):
                for brand in self.by_label.get(piece, []):
                    if brand.kind == DISTINCTIVE:
                        return Match(brand, "combosquat", 0.55, "with other letters")
        return None

    def _on_subdomains(self, subs: list[str]) -> Match | None:
        """Brand placed as a subdomain: ``spiegel.de.example.com`` or ``spiegel.example.com``."""
        joined = f".{'.'.join(subs)}."
        candidates = [brand for sub in subs for brand in self.by_label.get(sub, [])]
        for brand in candidates:
            full = f"{brand.label}.{brand.suffix}"
            if f".{full}." in joined:
                return Match(brand, "subdomain", 0.85, f"{full} in front")
        for sub in subs:
            for brand in self.by_joined.get(sub, []):
                return Match(brand, "subdomain", 0.8, f"{sub} in front")
        for brand in candidates:
            if brand.kind == DISTINCTIVE and len(brand.label) >= 4:
                return Match(brand, "subdomain", 0.6, f"{brand.label} in front")
        return None


@dataclass
class Hit:
    match: Match | None
    outlet: Outlet | None
    indicator: Indicator | None = None
    hosts: list[str] = field(default_factory=list)
    post_ids: dict[str, None] = field(default_factory=dict)
    chain: list[str] | None = None


class Collector:
    """Matches each distinct host once and gathers the posts that carry a flagged one."""

    def __init__(self, index: BrandIndex, indicators: Indicators | None) -> None:
        self.index = index
        self.indicators = indicators
        self.outlets = {brand.outlet.domain: brand.outlet for brand in index.brands}
        self.cache: dict[str, tuple[str, list[Match], Indicator | None]] = {}
        self.hits: dict[tuple[str, str | None], Hit] = {}

    def _match(self, raw: str) -> tuple[str, list[Match], Indicator | None]:
        """(registrable domain as seen, name matches, known indicator) of one host."""
        if raw not in self.cache:
            seen = raw.strip(".")
            host = normalise_host(seen)
            parts = extractor()(seen)
            shown = f"{parts.domain}.{parts.suffix}" if parts.suffix and parts.domain else seen
            listed = self.indicators.lookup(host) if self.indicators is not None else None
            if listed is not None and listed.imitates and not self._protects(listed.imitates):
                listed = None  # it spoofs an outlet outside this run's protected list
            self.cache[raw] = (shown, self.index.match(host), listed)
        return self.cache[raw]

    def _protects(self, domain: str) -> bool:
        return domain in self.outlets or self.index.is_owned(domain)

    def flagged(self, hosts: list[str]) -> list[str]:
        """The hosts among ``hosts`` that imitate a protected domain or are listed."""
        found = []
        for host in hosts:
            _, matches, listed = self._match(host)
            if matches or listed is not None:
                found.append(host)
        return found

    def add(self, host: str, post_ids: list[str], chain: list[str] | None = None) -> None:
        """Record the posts carrying ``host`` (or a chain ending on it)."""
        shown, matches, listed = self._match(host)
        hits = [Hit(m, m.brand.outlet) for m in matches]
        if listed is not None:
            hits = with_indicator(hits, listed, self.outlets)
        clean = host.strip(".").removeprefix("www.")
        for new in hits:
            imitates = new.outlet.domain if new.outlet else None
            hit = self.hits.setdefault((shown, imitates), new)
            if clean not in hit.hosts and len(hit.hosts) < 20:
                hit.hosts.append(clean)
            hit.post_ids.update(dict.fromkeys(sorted(p for p in post_ids if p is not None)))
            if chain and hit.chain is None:
                hit.chain = chain


def with_indicator(hits: list[Hit], listed: Indicator, outlets: dict[str, Outlet]) -> list[Hit]:
    """The hits of a listed host: the one on the outlet it spoofs becomes known-ioc."""
    stated = outlets.get(listed.imitates) if listed.imitates else None
    if stated is None and listed.imitates:
        stated = Outlet(listed.imitates)
    if stated is None and hits:
        stated = max(hits, key=lambda h: h.match.score if h.match else 0.0).outlet
    same = [h for h in hits if h.outlet is not None and stated is not None and h.outlet == stated]
    ioc = Hit(same[0].match if same else None, stated, listed)
    return [ioc, *(h for h in hits if h not in same)]


def _pseudo_tld(suffix: str) -> bool:
    """Private suffixes sold as top-level domains: ``co.com``, ``eu.com``, ``com.de``."""
    return all(2 <= len(part) <= 3 and part.isalpha() for part in suffix.split("."))


def _differences(seen: str, original: str) -> list[tuple[str, str]]:
    if len(seen) != len(original):
        return []
    return [(a, b) for a, b in zip(seen, original, strict=True) if a != b]
