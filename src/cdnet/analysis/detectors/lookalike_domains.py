"""``lookalike-domains``: domains that imitate protected news outlets and institutions.

Reads the host names in posts (``url``, ``links`` and URLs or bare domains in ``text``) or in a
domain list (``.txt``, one domain or URL a line), and flags those that imitate a domain of the
protected list: tld-swap, typo, homoglyph, hyphenation, combosquat, subdomain. The protected
domains and their real subdomains are never flagged. Each distinct host is matched once, so the
cost grows with the number of distinct hosts, not of posts. See docs/detectors/lookalike-domains.md.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from cdnet.analysis.detectors.base import DetectorConfig, Finding, Tables
from cdnet.analysis.detectors.lookalike_match import BrandIndex, Match, Rules, extractor
from cdnet.analysis.ingest.refang import refang_array
from cdnet.analysis.reference.protected import load_protected, normalise_host
from cdnet.errors import BadInput

NAME = "lookalike-domains"
DESCRIPTION = "Domains that imitate protected news outlets and institutions (Doppelganger-style)."
TABLES = ("posts", "domains")

LURE_WORDS = (
    "news aktuell nachrichten online live today info infos daily press presse media journal "
    "zeitung actu actualite actualites notizie noticias wiadomosci novosti breaking official "
    "offiziell officiel politik politique europe eu de fr it uk us ru ua pl es web site portal "
    "tv mag magazine gov gouv gob regierung gouvernement verify check faktencheck real truth "
    "leaks edition express"
).split()

_HOST = r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*://|//)?(?:[^@/?#\s]*@)?(?P<host>[^/?#:\s\[\]]+)"
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
_IN_TEXT = re.compile(
    rf"(?:(?:https?|ftp)://)?(?<![\w.@-])((?:{_LABEL}\.)+{_LABEL})(?![\w-]|\.[^\W_])",
    re.IGNORECASE,
)
_DISARM_BASE = ["T0149.003", "T0143.003"]  # Lookalike Domain; Impersonated Persona
_DISARM_KIND = {"news": "T0097.202", "government": "T0097.206"}  # News Outlet / Govt Institution


class Config(DetectorConfig):
    """Options of ``lookalike-domains`` (each is also ``--option`` on the command line)."""

    protected: Path | None = Field(
        None,
        description="CSV of protected domains (domain*, name, country, kind) replacing the shipped "
        "list; default: the shipped list of about 2,200 news outlets and public institutions.",
    )
    brand_words: Path | None = Field(
        None,
        description="CSV (label, kind) marking brand labels that are ordinary words ('word') or "
        "too generic to name an outlet ('generic'); default: the shipped list.",
    )
    min_brand_length: int = Field(
        3, ge=1, description="Brands shorter than this are generic (two letters match too much)."
    )
    min_typo_length: int = Field(
        5,
        ge=1,
        description="Brands shorter than this get no edit-distance typos, only a doubled "
        "or dropped letter (bildd for bild): short labels are one edit from many real words.",
    )
    long_brand_length: int = Field(
        9, ge=1, description="Brands this long or longer allow two edits instead of one."
    )
    min_combo_length: int = Field(
        5,
        ge=1,
        description="A distinctive brand this long counts as combosquat with any other "
        "word (spiegel-reisen); shorter brands and ordinary words need a lure word (bild-news).",
    )
    min_substring_length: int = Field(
        7,
        ge=1,
        description="A brand this long also counts when glued to other letters at the "
        "start or end of the label (spiegelnews); shorter ones would hit real words.",
    )
    lure_words: list[str] = Field(
        default_factory=lambda: list(LURE_WORDS),
        description="Words that make brand + word a combosquat even for short brands.",
    )
    text: bool = Field(True, description="Also find domains in post text (--no-text to skip).")
    min_score: float = Field(0.0, ge=0.0, le=1.0, description="Leave out weaker findings.")


class LookalikeFinding(Finding):
    """A registrable domain imitating a protected domain."""

    domain: str = Field(description="Registrable domain as seen.")
    imitates: str = Field(description="The protected domain.")
    technique: str = Field(
        description="tld-swap, typo, homoglyph, hyphenation, combosquat, subdomain."
    )
    post_ids: list[str] = Field(default_factory=list, description="Posts that carry it.")
    hosts: list[str] = Field(default_factory=list, description="Host names seen (first 20).")


@dataclass
class _Hit:
    match: Match
    hosts: list[str] = field(default_factory=list)
    post_ids: dict[str, None] = field(default_factory=dict)


def load_brand_words(path: Path | None) -> dict[str, str]:
    """``label -> kind`` from ``path`` or the shipped ``brand_words.csv``."""
    if path is None:
        ref = resources.files("cdnet").joinpath("data", "protected_outlets", "brand_words.csv")
        text, source = ref.read_text(encoding="utf-8"), "brand_words.csv"
    else:
        if not path.is_file():
            raise BadInput("no such file", file=str(path))
        text, source = path.read_text(encoding="utf-8-sig"), str(path)
    rows = csv.DictReader(io.StringIO(text))
    if not rows.fieldnames or "label" not in rows.fieldnames:
        raise BadInput(
            "required column is missing from the header", file=source, row=1, field="label"
        )
    return {r["label"].strip().lower(): (r.get("kind") or "word").strip().lower() for r in rows}


def build_index(config: Config) -> BrandIndex:
    rules = Rules(
        min_brand_length=config.min_brand_length,
        min_typo_length=config.min_typo_length,
        long_brand_length=config.long_brand_length,
        min_combo_length=config.min_combo_length,
        min_substring_length=config.min_substring_length,
        lure_words=frozenset(w.lower() for w in config.lure_words),
    )
    return BrandIndex(load_protected(config.protected), load_brand_words(config.brand_words), rules)


#: What the host kernel gives: a post (null for a domain list) and a host name it carries.
HOST_SCHEMA = pa.schema([("post_id", pa.string()), ("host", pa.string())])
_INPUT = {
    "post_id": pa.string(),
    "url": pa.string(),
    "links": pa.list_(pa.string()),
    "text": pa.string(),
}


def host_kernel(batch: pa.RecordBatch, use_text: bool = True) -> pa.RecordBatch:
    """Arrow-batch kernel: (post_id, url, links, text) rows -> (post_id, host) rows."""
    ids: list[pa.Array] = []
    hosts: list[pa.Array] = []
    for post_ids, values in _pairs(batch, use_text):
        ids.append(post_ids.cast(pa.string()))
        hosts.append(_hosts(values))
    post_id = pa.concat_arrays(ids)
    host = pa.concat_arrays(hosts)
    keep = pc.invert(pc.is_null(host))
    return pa.RecordBatch.from_arrays([post_id.filter(keep), host.filter(keep)], schema=HOST_SCHEMA)


def _pairs(batch: pa.RecordBatch, use_text: bool) -> Iterator[tuple[pa.Array, pa.Array]]:
    """(post ids, raw host-bearing strings) from one batch of posts."""
    ids = batch.column("post_id")
    url = batch.column("url")
    yield ids, url
    links = batch.column("links")
    if pa.types.is_list(links.type):
        yield pc.take(ids, pc.list_parent_indices(links)), pc.list_flatten(links)
    if use_text:
        texts = refang_array(batch.column("text").cast(pa.string()))
        found_ids: list[str] = []
        found: list[str] = []
        for post_id, text in zip(ids.to_pylist(), texts.to_pylist(), strict=True):
            for m in _IN_TEXT.finditer(text or ""):
                found_ids.append(post_id)
                found.append(m.group(1))
        yield pa.array(found_ids, pa.string()), pa.array(found, pa.string())


def _hosts(values: pa.Array) -> pa.Array:
    values = refang_array(values.cast(pa.string()))
    hosts = pc.extract_regex(values, _HOST).field(0)
    return pc.utf8_lower(hosts)


class _Collector:
    """Matches each distinct host once and gathers the posts that carry a flagged one."""

    def __init__(self, index: BrandIndex) -> None:
        self.index = index
        self.cache: dict[str, list[tuple[str, Match]]] = {}
        self.hits: dict[tuple[str, str], _Hit] = {}

    def _match(self, raw: str) -> list[tuple[str, Match]]:
        if raw not in self.cache:
            seen = raw.strip(".")
            host = normalise_host(seen)
            parts = extractor()(seen)
            shown = f"{parts.domain}.{parts.suffix}" if parts.suffix else seen
            self.cache[raw] = [(shown, m) for m in self.index.match(host)]
        return self.cache[raw]

    def add(self, host: str, post_ids: list[str]) -> None:
        """Record the posts carrying ``host`` (already known to be flagged)."""
        for shown, match in self._match(host):
            hit = self.hits.setdefault((shown, match.brand.outlet.domain), _Hit(match))
            clean = host.strip(".").removeprefix("www.")
            if clean not in hit.hosts and len(hit.hosts) < 20:
                hit.hosts.append(clean)
            hit.post_ids.update(dict.fromkeys(sorted(p for p in post_ids if p is not None)))

    def flagged(self, hosts: list[str]) -> list[str]:
        """The hosts among ``hosts`` that imitate a protected domain."""
        return [h for h in hosts if self._match(h)]


def _explain(domain: str, hit: _Hit) -> str:
    brand, match = hit.match.brand, hit.match
    target = brand.outlet.domain + (f" ({brand.outlet.name})" if brand.outlet.name else "")
    if match.technique == "homoglyph":
        return f"{domain} imitates {target} with look-alike characters ({match.detail})."
    if match.technique == "tld-swap":
        return f"{domain} uses the name of {target} under another ending ({match.detail})."
    if match.technique == "hyphenation":
        return f"{domain} is {target} with hyphens added or removed."
    if match.technique == "typo":
        return f"{domain} differs from {target} by a typing slip ({match.detail})."
    if match.technique == "combosquat":
        return f"{domain} combines the name of {target} {match.detail}."
    host = hit.hosts[0] if hit.hosts else domain
    return f"{host} places the name of {target} in front of the unrelated domain {domain}."


def _finding(domain: str, hit: _Hit) -> LookalikeFinding:
    outlet = hit.match.brand.outlet
    disarm = [*_DISARM_BASE, *([_DISARM_KIND[outlet.kind]] if outlet.kind in _DISARM_KIND else [])]
    return LookalikeFinding(
        detector=NAME,
        score=hit.match.score,
        explanation=_explain(domain, hit),
        disarm=disarm,
        domain=domain,
        imitates=outlet.domain,
        technique=hit.match.technique,
        post_ids=list(hit.post_ids),
        hosts=hit.hosts,
    )


def _host_rows(tables: Tables, use_text: bool) -> ir.Table | None:
    """(post_id, host) for every host in posts and domain lists, on the run's engine."""
    parts: list[ir.Table] = []
    if "posts" in tables:
        parts.append(tables.table("posts", _INPUT))
    if "domains" in tables:
        listed = tables.table("domains", {"domain": pa.string()})
        parts.append(
            listed.select(
                post_id=ibis.null(ibis.dtype("string")),
                url=listed.domain,
                links=ibis.null(ibis.dtype("array<string>")),
                text=ibis.null(ibis.dtype("string")),
            )
        )
    if not parts:
        return None
    rows = parts[0] if len(parts) == 1 else parts[0].union(parts[1], distinct=False)
    kernel = functools.partial(host_kernel, use_text=use_text)
    return tables.engine.apply(rows, kernel, HOST_SCHEMA, "hosts")


def run(tables: Tables, config: Config) -> Iterator[LookalikeFinding]:
    """Flag the imitating domains in ``posts`` and/or ``domains``, strongest first."""
    collector = _Collector(build_index(config))
    rows = _host_rows(tables, config.text)
    if rows is None:
        return
    engine = tables.engine
    distinct = rows.select("host").distinct()
    flagged: list[str] = []
    for batch in engine.batches(distinct):
        flagged += collector.flagged(batch.column("host").to_pylist())
    if flagged:
        carried = rows.filter(rows.host.isin(flagged))
        grouped = carried.group_by("host").agg(post_ids=carried.post_id.collect())
        for batch in engine.batches(grouped.order_by("host")):
            for host, post_ids in zip(
                batch.column("host").to_pylist(), batch.column("post_ids").to_pylist(), strict=True
            ):
                collector.add(host, post_ids or [])
    findings = [_finding(domain, hit) for (domain, _), hit in collector.hits.items()]
    findings = [f for f in findings if f.score >= config.min_score]
    yield from sorted(findings, key=lambda f: (-f.score, f.domain, f.imitates))
