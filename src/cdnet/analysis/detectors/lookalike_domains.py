"""``lookalike-domains``: domains that imitate protected news outlets and institutions.

Reads the host names in posts (``url``, ``links`` and URLs or bare domains in ``text``) or in a
domain list (``.txt``, one domain or URL a line), and flags those that imitate a domain of the
protected list: tld-swap, typo, homoglyph, hyphenation, combosquat, subdomain. The protected
domains and their real subdomains are never flagged. A host that a threat report lists (the
shipped indicator file or ``--indicators``) is reported as ``known-ioc`` with its source. With
``--resolve`` (off by default: no network otherwise) links on shorteners and redirect domains
are followed through the SSRF guard, and a chain that ends on a lookalike or a known indicator
is reported with its ``chain``. Each distinct host is matched once, so the cost grows with the
number of distinct hosts, not of posts. See docs/detectors/lookalike-domains.md.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from cdnet.analysis.detectors.base import DetectorConfig, Finding, Tables
from cdnet.analysis.detectors.lookalike_match import BrandIndex, Collector, Hit, Match, Rules
from cdnet.analysis.ingest.refang import refang_array
from cdnet.analysis.reference.indicators import load_indicators
from cdnet.analysis.reference.protected import Outlet, load_protected, normalise_host
from cdnet.analysis.resolve import load_shorteners
from cdnet.analysis.resolve.chains import ChainResolver
from cdnet.analysis.resolve.guard import Guard
from cdnet.analysis.resolve.links import LINK_SCHEMA, link_kernel
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
_DISARM_IOC = {"redirect": ["T0149.004"], "site-of-concern": ["T0149.001"]}  # Redirecting; Domain
_IOC_SCORE = {"spoof": 0.98, "redirect": 0.9, "site-of-concern": 0.8}
_IOC_WORDS = {
    "spoof": "a domain spoofing a news or government site",
    "redirect": "a redirect domain",
    "site-of-concern": "a site of concern",
}


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
    known_ioc: bool = Field(
        True,
        description="Report domains that a threat report lists as technique known-ioc "
        "(--no-known-ioc to match names only).",
    )
    indicators: Path | None = Field(
        None,
        description="CSV of known indicators (domain*, kind spoof|redirect|site-of-concern, "
        "imitates, source, source_url, date, country) replacing the shipped file of Meta's "
        "Doppelganger domains and ASD's sites of concern.",
    )
    resolve: bool = Field(
        False,
        description="Follow links on URL shorteners and redirect domains over the network "
        "(SSRF-guarded, HEAD only) and flag chains ending on a lookalike or known indicator; "
        "off by default: cdnet makes no network request unless asked.",
    )
    shorteners: Path | None = Field(
        None,
        description="Text file of shortener/redirect hosts to resolve (one a line) replacing "
        "the shipped list; the redirect domains of the indicator file are always added.",
    )
    max_hops: int = Field(5, ge=1, le=20, description="Redirects followed per link at most.")
    hop_timeout: float = Field(5.0, gt=0, le=60, description="Seconds allowed for each hop.")
    max_links: int = Field(
        1000, ge=0, description="Distinct links resolved per run at most (bounds network use)."
    )
    resolve_allow: list[str] = Field(
        default_factory=list,
        description="address:port pairs the SSRF guard lets through although they are not "
        "public (a test server on loopback); empty by default.",
    )
    min_score: float = Field(0.0, ge=0.0, le=1.0, description="Leave out weaker findings.")


#: Extension fields that only some findings carry; left out of the record when empty.
_OPTIONAL = ("source", "source_url", "indicator", "lookalike", "chain")


class LookalikeFinding(Finding):
    """A registrable domain imitating a protected domain, or listed by a threat report."""

    domain: str = Field(description="Registrable domain as seen.")
    imitates: str | None = Field(description="The protected domain (null: none known).")
    technique: str = Field(
        description="tld-swap, typo, homoglyph, hyphenation, combosquat, subdomain, known-ioc."
    )
    post_ids: list[str] = Field(default_factory=list, description="Posts that carry it.")
    hosts: list[str] = Field(default_factory=list, description="Host names seen (first 20).")
    source: str | None = Field(None, description="known-ioc: the report that lists it.")
    source_url: str | None = Field(None, description="known-ioc: where that report is.")
    indicator: str | None = Field(None, description="known-ioc: spoof, redirect, site-of-concern.")
    lookalike: str | None = Field(None, description="known-ioc: the name technique, if any.")
    chain: list[str] | None = Field(None, description="A redirect chain (URLs) that ends here.")

    def to_record(self) -> dict[str, object]:
        record = super().to_record()
        for name in _OPTIONAL:
            if record.get(name) is None:
                del record[name]
        return record


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


def _target(outlet: Outlet) -> str:
    return outlet.domain + (f" ({outlet.name})" if outlet.name else "")


def _explain_match(domain: str, hit: Hit, match: Match) -> str:
    target = _target(match.brand.outlet)
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


def _explain(domain: str, hit: Hit) -> str:
    listed = hit.indicator
    text = _explain_match(domain, hit, hit.match) if hit.match else ""
    if listed is not None:
        spoofs = f" imitating {_target(hit.outlet)}" if hit.outlet and not hit.match else ""
        said = f"{listed.source} lists it as {_IOC_WORDS[listed.kind]}{spoofs}"
        text = f"{text[:-1]}; {said}." if text else f"{domain}: {said}."
    if hit.chain:
        text = f"{text[:-1]}, reached from {hit.chain[0]} in {len(hit.chain) - 1} redirects."
    return text


def _disarm(hit: Hit) -> list[str]:
    kind = hit.outlet.kind if hit.outlet else ""
    listed = hit.indicator.kind if hit.indicator else "spoof"
    ids = list(_DISARM_BASE) if hit.match or listed == "spoof" else []
    ids += _DISARM_IOC.get(listed, [])
    ids += [_DISARM_KIND[kind]] if kind in _DISARM_KIND and ids[:1] == _DISARM_BASE[:1] else []
    if hit.chain and "T0149.004" not in ids:
        ids.append("T0149.004")
    return ids


def _finding(domain: str, hit: Hit) -> LookalikeFinding:
    listed, match = hit.indicator, hit.match
    score = max(_IOC_SCORE[listed.kind] if listed else 0.0, match.score if match else 0.0)
    technique = "known-ioc" if listed else match.technique if match else ""
    return LookalikeFinding(
        detector=NAME,
        score=score,
        explanation=_explain(domain, hit),
        disarm=_disarm(hit),
        domain=domain,
        imitates=hit.outlet.domain if hit.outlet else None,
        technique=technique,
        post_ids=list(hit.post_ids),
        hosts=hit.hosts,
        source=listed.source if listed else None,
        source_url=(listed.source_url or None) if listed else None,
        indicator=listed.kind if listed else None,
        lookalike=match.technique if listed and match else None,
        chain=hit.chain,
    )


def _input_rows(tables: Tables) -> ir.Table | None:
    """(post_id, url, links, text) of the posts and domain lists, on the run's engine."""
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
    return parts[0] if len(parts) == 1 else parts[0].union(parts[1], distinct=False)


def _match_hosts(tables: Tables, inputs: ir.Table, config: Config, collector: Collector) -> None:
    """Match every distinct host once, then gather the posts of the flagged ones."""
    engine = tables.engine
    kernel = functools.partial(host_kernel, use_text=config.text)
    rows = engine.apply(inputs, kernel, HOST_SCHEMA, "hosts")
    flagged: list[str] = []
    for batch in engine.batches(rows.select("host").distinct()):
        flagged += collector.flagged(batch.column("host").to_pylist())
    if flagged:
        carried = rows.filter(rows.host.isin(flagged))
        grouped = carried.group_by("host").agg(post_ids=carried.post_id.collect())
        for batch in engine.batches(grouped.order_by("host")):
            for host, post_ids in zip(
                batch.column("host").to_pylist(), batch.column("post_ids").to_pylist(), strict=True
            ):
                collector.add(host, post_ids or [])


def resolve_guard(config: Config) -> Guard:
    """The SSRF guard of ``--resolve``: public addresses only, plus ``--resolve-allow`` pairs."""
    allowed: set[tuple[str, int]] = set()
    for pair in config.resolve_allow:
        address, _, port = pair.strip().rpartition(":")
        if not address or not port.isdigit():
            raise BadInput(f"expected address:port, not {pair!r}", field="--resolve-allow")
        allowed.add((address.strip("[]"), int(port)))
    return Guard(allowed=frozenset(allowed), hint="--resolve only reaches public addresses")


def _resolve_links(tables: Tables, inputs: ir.Table, config: Config, collector: Collector) -> None:
    """Follow links on shorteners and redirect domains; flag chains ending on a finding."""
    hosts = load_shorteners(config.shorteners) | load_indicators(config.indicators).domains(
        "redirect"
    )
    kernel = functools.partial(link_kernel, hosts=hosts, use_text=config.text)
    links = tables.engine.apply(inputs, kernel, LINK_SCHEMA, "links")
    grouped = links.group_by("url").agg(post_ids=links.post_id.collect())
    resolver = ChainResolver(resolve_guard(config), config.max_hops, config.hop_timeout)
    for batch in tables.engine.batches(grouped.order_by("url").limit(config.max_links)):
        for url, post_ids in zip(
            batch.column("url").to_pylist(), batch.column("post_ids").to_pylist(), strict=True
        ):
            chain = resolver.resolve(url)
            if chain.redirected:
                collector.add(normalise_host(chain.final), post_ids or [], list(chain.urls))


def run(tables: Tables, config: Config) -> Iterator[LookalikeFinding]:
    """Flag the imitating and listed domains in ``posts`` and/or ``domains``, strongest first."""
    indicators = load_indicators(config.indicators) if config.known_ioc else None
    collector = Collector(build_index(config), indicators)
    inputs = _input_rows(tables)
    if inputs is None:
        return
    _match_hosts(tables, inputs, config, collector)
    if config.resolve:
        _resolve_links(tables, inputs, config, collector)
    findings = [_finding(domain, hit) for (domain, _), hit in collector.hits.items()]
    findings = [f for f in findings if f.score >= config.min_score]
    yield from sorted(findings, key=lambda f: (-f.score, f.domain, f.imitates or ""))
