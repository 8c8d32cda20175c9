"""``sanctions``: channels of sanctioned media outlets, their mirrors and listed people.

Reads the channels table and scores every channel against the sanctions register (the user's
``cdnet sanctions update`` file, else the shipped register, or ``--list FILE``) with layered
evidence: official and mirror domains in the url, links and description, listed handles, and
names and aliases folded across scripts and transliterations. Short names (RT, NTV) and common
words (Sputnik, Lenta, RIA) never suffice alone; another outlet's official domain, another
country and words such as "photos" argue against. Precision comes first: only findings scoring
``--min-score`` (0.7) or more are reported. See docs/detectors/sanctions.md.
"""

from __future__ import annotations

import builtins
import functools
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
from pydantic import Field

from cdnet.analysis.detectors.base import DetectorConfig, Finding, Tables
from cdnet.analysis.detectors.sanctions_match import Channel, Rules, Verdict
from cdnet.analysis.detectors.sanctions_score import Matcher
from cdnet.analysis.reference.protected import load_protected
from cdnet.analysis.reference.sanctions import Entity, load_register

NAME = "sanctions"
DESCRIPTION = (
    "Channels of sanctioned media outlets, their mirrors and listed people (EU registers)."
)
TABLES = ("channels",)

COMMON_WORDS = (
    "sputnik lenta zvezda ria izvestia izvestiya izvestija vesti rossiya russia rossia pervyi "
    "perviy kanal star today voice golos pravda truth mir world ren oplot rossiyskaya rossijskaya "
    "gazeta tass vzglyad"
).split()
AGAINST_WORDS = (
    "photo photos foto fotos photography money transfer transfers remittance supermarket "
    "supermarkets market shop store bank pizza restaurant hotel travel tours taxi insurance "
    "fan fans watch monitor tracker factcheck debunk parody satire fake"
).split()
_DISARM = {
    "outlet": ["T0097.202", "T0002"],  # News Outlet Persona; Facilitate State Propaganda
    "organisation": ["T0097.200", "T0002"],  # Institutional Persona
    "person": ["T0097.100", "T0002"],  # Individual Persona
}
_WORDS = {
    "domain": "its site is on the official domain {}",
    "mirror": "its site is on the listed mirror {}",
    "other-tld": "it links {}, the entity's name under another ending",
    "other-tld-short": "it links {}, the entity's short name under another ending",
    "description": "its description names {}",
    "handle": "its handle is the listed {}",
    "handle-other": "its handle {} is listed for another platform",
    "name": "its name holds the listed name {!r}",
    "alias": "its name holds the alias {!r}",
    "weak-name": "its name holds the short or common name {!r}",
    "weak-name-whole": "its name is the short or common name {!r}",
    "country": "its country is {}",
}


class Config(DetectorConfig):
    """Options of ``sanctions`` (each is also ``--option`` on the command line).

    The field ``list`` (FORMATS.md ``--list``) shadows the builtin inside this class, hence
    ``builtins.list`` in the annotations below it.
    """

    list: Path | None = Field(
        None,
        description="Sanctions register replacing the one in force: the CSV of FORMATS.md "
        "(entity_id*, name*, aliases, kind, handles, domains, legal_basis, listed_on; optional "
        "mirrors, country, source_url) or followthemoney JSON lines; default: the register of "
        "`cdnet sanctions update`, else the shipped one.",
    )
    min_score: float = Field(
        0.7,
        ge=0.0,
        le=1.0,
        description="Report only matches scoring this much or more; 0.7 needs a domain, a handle "
        "or a distinctive name (precision first: a false accusation harms the member).",
    )
    fuzzy_threshold: float = Field(
        88.0,
        ge=50.0,
        le=100.0,
        description="Similarity (0-100) two long words need to count as the same word "
        "(Izvestia ~ Izvestiya).",
    )
    min_fuzzy_length: int = Field(
        5, ge=2, description="Words shorter than this must match exactly (RT is never RTL)."
    )
    short_name_length: int = Field(
        3,
        ge=1,
        description="A name whose only telling word is this short (RT, NTV) needs a second "
        "signal: a domain, mirror or handle.",
    )
    common_words: builtins.list[str] = Field(
        default_factory=lambda: list(COMMON_WORDS),
        description="Ordinary words that name outlets (Sputnik, Lenta, Zvezda, RIA): as the only "
        "telling word of a name they need a second signal.",
    )
    against_words: builtins.list[str] = Field(
        default_factory=lambda: list(AGAINST_WORDS),
        description="Words that make a name something else (Sputnik Photos, Ria Money Transfer, "
        "a Lenta supermarket, an RT-watch channel): they halve the score.",
    )
    protected: Path | None = Field(
        None,
        description="CSV of other outlets' official domains (domain*, name, country): a link "
        "there argues against a match; default: the shipped protected-outlet list.",
    )


class SanctionsFinding(Finding):
    """A channel matched to a listed entity, with the evidence for and against."""

    channel_id: str = Field(description="The channel.")
    platform: str = Field(description="Its platform.")
    entity_id: str = Field(description="The register entry it matches.")
    entity_name: str = Field(description="That entry's name.")
    matched_on: str = Field(description="The strongest evidence: name, alias, handle or domain.")
    evidence: list[dict[str, str]] = Field(
        default_factory=list, description="Every signal for the match: {signal, value}."
    )
    against: list[str] = Field(default_factory=list, description="What argued against it.")


OUT_SCHEMA = pa.schema(
    [
        ("channel_id", pa.string()),
        ("platform", pa.string()),
        ("entity_id", pa.string()),
        ("matched_on", pa.string()),
        ("score", pa.float64()),
        ("explanation", pa.string()),
        ("evidence", pa.string()),
        ("against", pa.string()),
    ]
)
_INPUT = {
    "channel_id": pa.string(),
    "platform": pa.string(),
    "name": pa.string(),
    "handle": pa.string(),
    "description": pa.string(),
    "url": pa.string(),
    "links": pa.list_(pa.string()),
    "country": pa.string(),
}


def build_matcher(config: Config) -> Matcher:
    """The register and rules of ``config`` as a matcher."""
    rules = Rules(
        fuzzy_threshold=config.fuzzy_threshold,
        short_name_length=config.short_name_length,
        min_fuzzy_length=config.min_fuzzy_length,
        common_words=frozenset(w.casefold() for w in config.common_words),
        against_words=frozenset(w.casefold() for w in config.against_words),
    )
    outlets = frozenset(o.domain for o in load_protected(config.protected))
    return Matcher(load_register(config.list).entities, rules, outlets)


def explain(channel: Channel, verdict: Verdict) -> str:
    """One sentence: which channel, which entity, what matched and what argued against."""
    entity = verdict.entity
    basis = ", ".join(p for p in (entity.legal_basis, entity.listed_on) if p)
    listed = f"{entity.name} ({basis})" if basis else entity.name
    said = "; ".join(_WORDS[s].format(v) for s, v in verdict.evidence)
    text = f"{channel.platform} channel {channel.name!r} matches {listed}: {said}"
    if verdict.against:
        text += "; against: " + "; ".join(verdict.against)
    return text + "."


def match_kernel(batch: pa.RecordBatch, matcher: Matcher, min_score: float) -> pa.RecordBatch:
    """Arrow-batch kernel: channel rows -> one row per (channel, entity) at or above min_score."""
    rows: dict[str, list[object]] = {name: [] for name in OUT_SCHEMA.names}
    for row in batch.to_pylist():
        channel = Channel(
            channel_id=str(row["channel_id"]),
            platform=str(row["platform"] or ""),
            name=str(row["name"] or ""),
            handle=row["handle"] or "",
            description=row["description"] or "",
            url=row["url"] or "",
            links=tuple(v for v in row["links"] or () if v),
            country=row["country"] or "",
        )
        for verdict in matcher.match(channel):
            if verdict.score < min_score:
                continue
            evidence = [{"signal": s, "value": v} for s, v in verdict.evidence]
            values = (
                channel.channel_id,
                channel.platform,
                verdict.entity.entity_id,
                verdict.matched_on,
                min(verdict.score, 1.0),
                explain(channel, verdict),
                json.dumps(evidence, ensure_ascii=False),
                json.dumps(verdict.against, ensure_ascii=False),
            )
            for name, value in zip(OUT_SCHEMA.names, values, strict=True):
                rows[name].append(value)
    return pa.RecordBatch.from_pydict(rows, schema=OUT_SCHEMA)


def _finding(row: dict[str, object], entities: dict[str, Entity]) -> SanctionsFinding:
    entity = entities[str(row["entity_id"])]
    return SanctionsFinding(
        detector=NAME,
        score=float(row["score"]),  # type: ignore[arg-type]
        explanation=str(row["explanation"]),
        disarm=list(_DISARM.get(entity.kind, _DISARM["outlet"])),
        channel_id=str(row["channel_id"]),
        platform=str(row["platform"]),
        entity_id=entity.entity_id,
        entity_name=entity.name,
        matched_on=str(row["matched_on"]),
        evidence=json.loads(str(row["evidence"])),
        against=json.loads(str(row["against"])),
    )


def run(tables: Tables, config: Config) -> Iterator[SanctionsFinding]:
    """Match every channel against the register; findings strongest first."""
    if "channels" not in tables:
        return
    matcher = build_matcher(config)
    entities = {listed.entity.entity_id: listed.entity for listed in matcher.listed}
    kernel = functools.partial(match_kernel, matcher=matcher, min_score=config.min_score)
    engine = tables.engine
    found = engine.apply(tables.table("channels", _INPUT), kernel, OUT_SCHEMA, "sanctions")
    findings = [
        _finding(row, entities) for batch in engine.batches(found) for row in batch.to_pylist()
    ]
    yield from sorted(findings, key=lambda f: (-f.score, f.channel_id, f.entity_id))
