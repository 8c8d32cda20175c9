"""``targeted-organisations``: fact-checkers and newsrooms tagged and e-mailed by a campaign.

Operation Overload-style campaigns tag dozens of fact-checkers and newsrooms on the same fake and
e-mail them asking to "verify" it, to waste their time and to borrow their reach. This detector
resolves who was targeted and how often:

* **posts**: every handle in ``mentions`` and every ``@handle`` in ``text`` is resolved against
  the organisations registry per platform, case-insensitively (``x`` = ``twitter``); Bluesky
  domain handles (``@afp.com``, ``@factcheck.afp.com``) resolve through the organisation's
  domains; a handle equal to a name or alias with spaces and punctuation removed
  (``@afpfactuel`` -> alias "AFP Factuel") resolves too (``matched_on`` says which rule).
* **e-mail** (the ``messages`` table, or ``--emails PATH``, an ``.eml`` folder or ``.mbox``
  read by cdnet's e-mail importer): To, Cc and Bcc addresses on an organisation's e-mail
  domains or their subdomains.

One finding per organisation: ``messages`` (distinct posts and e-mails), ``senders`` (distinct
accounts and From addresses), ``first_seen``, ``last_seen``, ``evidence_ids``: exactly the
FORMATS.md lines, by default. Texts are normalised (handles, URLs, emoji, punctuation and case
removed) and grouped with their near-duplicates (character-shingle Jaccard >= ``--similarity``,
by the MinHash/LSH machinery of :mod:`.coordination_text`: Operation Overload copies differ by a
word, an emoji or a link); when ``--min-copies`` or more posts or e-mails of one group together
reach ``--min-orgs`` organisations, that is tag-bombing, marked with ``tag_bombing`` and DISARM
T0049.005. With ``--unresolved co-tagged|all`` (an extension, off by default), handles and
addresses that resolve to no organisation are added as ``kind = unresolved`` lines with a null
``org_id``, for review. See docs/detectors/targeted-organisations.md.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from cdnet.analysis.detectors import coordination_text, minhash
from cdnet.analysis.detectors.base import DetectorConfig, Finding, Tables
from cdnet.analysis.reference.organisations import (
    Organisation,
    Resolver,
    fold_handle,
    load_organisations,
    platform_key,
)
from cdnet.errors import BadInput

NAME = "targeted-organisations"
DESCRIPTION = "Fact-checkers and newsrooms tagged or e-mailed by a campaign; tag-bombing."
TABLES = ("posts", "messages")
DISARM_TARGETED = ["T0049"]  # Flood Information Space
DISARM_TAG_BOMBING = ["T0049", "T0049.005", "T0049.008"]  # + Conduct Swarming, Info Pollution
#: ``@handle`` in text: not after a word character (e-mail addresses), dots inside (Bluesky).
_HANDLE = re.compile(r"(?<![\w@.])@([\w](?:[\w.-]*\w)?)")
#: The same for Arrow's RE2 (no look-behind), to strip handles before hashing a text.
_STRIP_HANDLES = r"@\w(?:[\w.-]*\w)?"
_MIN_TEXT = 10
#: MinHash values per text for the near-duplicate grouping (as ``coordination``'s default).
_NUM_PERM = 64
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Config(DetectorConfig):
    """Options of ``targeted-organisations`` (each is also ``--option`` on the command line)."""

    orgs: Path | None = Field(
        None,
        description="CSV of your own organisations (org_id*, name*, aliases, handles, "
        "email_domains, kind, country): extends the shipped registry; a row with a shipped "
        "org_id replaces that row. Default: none.",
    )
    shipped: bool = Field(
        True,
        description="Use the shipped registry of fact-checkers and newsrooms; --no-shipped with "
        "--orgs uses only your file.",
    )
    emails: Path | None = Field(
        None, description="An .eml folder or .mbox file read as the messages table; default: none."
    )
    min_orgs: int = Field(
        3,
        ge=2,
        description="Tag-bombing: organisations one group of near-identical texts must reach (3).",
    )
    min_copies: int = Field(
        2, ge=1, description="Tag-bombing: posts or e-mails that must carry those texts (2)."
    )
    similarity: float = Field(
        0.7,
        gt=0,
        le=1,
        description="Tag-bombing: texts whose character-shingle Jaccard similarity reaches this "
        "count as one text (0.7: one changed word in a tweet-length text; 1: identical only).",
    )
    unresolved: Literal["none", "co-tagged", "all"] = Field(
        "none",
        description="Extension: also list unresolved handles and addresses as kind=unresolved "
        "lines with null org_id: none (default: one line per organisation only), co-tagged "
        "(those next to a resolved organisation, the likely missing targets) or all.",
    )


class TargetedFinding(Finding):
    """An organisation (or, with kind unresolved, a handle) and the messages that target it."""

    kind: str = Field(description="targeted (an organisation) or unresolved (a handle).")
    org_id: str | None = Field(description="The organisation; null for unresolved handles.")
    name: str | None = Field(description="Its name; null for unresolved handles.")
    messages: int = Field(description="Distinct posts and e-mails.")
    senders: int = Field(description="Distinct accounts and From addresses.")
    first_seen: datetime
    last_seen: datetime
    evidence_ids: list[str] = Field(description="Post and message ids, sorted.")
    matched_on: list[str] = Field(default_factory=list, description="handle, alias, email...")
    handle: str | None = Field(None, description="Unresolved: the handle or e-mail address.")
    platform: str | None = Field(None, description="Unresolved: its platform (email for mail).")
    tag_bombing: bool = Field(False, description="Named in a tag-bombing text group.")
    tag_bombing_ids: list[str] = Field(default_factory=list, description="Those post ids.")


HIT_SCHEMA = pa.schema(
    [
        ("evidence_id", pa.string()),
        ("sender", pa.string()),
        ("ts", pa.int64()),  # microseconds since 1970, UTC
        ("platform", pa.string()),
        ("handle", pa.string()),
        ("org_id", pa.string()),
        ("matched_on", pa.string()),
        ("text_id", pa.int64()),
        ("norm", pa.string()),  # the normalised text (null when short), for near-duplicates
    ]
)
_POSTS = {
    "post_id": pa.string(),
    "account_id": pa.string(),
    "created_at": pa.timestamp("us", tz="UTC"),
    "text": pa.string(),
    "platform": pa.string(),
    "mentions": pa.list_(pa.string()),
}
_MESSAGES = {
    "message_id": pa.string(),
    "sender": pa.string(),
    "sent_at": pa.timestamp("us", tz="UTC"),
    "subject": pa.string(),
    "text": pa.string(),
    "recipients": pa.list_(pa.string()),
    "cc": pa.list_(pa.string()),
    "bcc": pa.list_(pa.string()),
}


def normal_texts(texts: pa.Array) -> tuple[list[int | None], list[str | None]]:
    """Each text without its handles, URLs, emoji, punctuation and case, and a hash of that;
    both None when shorter than ``_MIN_TEXT`` characters ("Please verify" groups nothing)."""
    plain = pc.replace_substring_regex(texts.cast(pa.string()), _STRIP_HANDLES, " ")
    norm = minhash.normalise(plain)
    hashes = minhash.text_hashes(pc.fill_null(norm, ""))
    lengths = pc.fill_null(pc.utf8_length(norm), 0).to_pylist()
    keep = [n >= _MIN_TEXT for n in lengths]
    ids = [int(h) if k else None for h, k in zip(hashes, keep, strict=True)]
    return ids, [t if k else None for t, k in zip(norm.to_pylist(), keep, strict=True)]


def _micros(batch: pa.RecordBatch, column: str) -> list[int | None]:
    times = pc.cast(batch.column(column), pa.timestamp("us", tz="UTC"), safe=False)
    return times.cast(pa.int64()).to_pylist()  # type: ignore[no-any-return]


def _hits(rows: list[tuple[Any, ...]]) -> pa.RecordBatch:
    columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else []
    columns = columns or [() for _ in HIT_SCHEMA]
    return pa.RecordBatch.from_arrays(
        [pa.array(list(c), f.type) for c, f in zip(columns, HIT_SCHEMA, strict=True)],
        schema=HIT_SCHEMA,
    )


def post_kernel(batch: pa.RecordBatch, resolver: Resolver) -> pa.RecordBatch:
    """Arrow-batch kernel: posts -> one hit per (post, distinct handle) in mentions and text."""
    (ids, norms), ts = normal_texts(batch.column("text")), _micros(batch, "created_at")
    rows: list[tuple[Any, ...]] = []
    for i, post in enumerate(batch.to_pylist()):
        if post["post_id"] is None or post["account_id"] is None or ts[i] is None:
            continue
        found = [*(post["mentions"] or ()), *_HANDLE.findall(post["text"] or "")]
        text = (ids[i], norms[i])
        platform = platform_key(post["platform"])
        for handle in dict.fromkeys(fold_handle(h) for h in found if h and fold_handle(h)):
            org_id, matched_on = resolver.handle(platform, handle)
            sender = str(post["account_id"])
            rows.append(
                (post["post_id"], sender, ts[i], platform, handle, org_id, matched_on, *text)
            )
    return _hits(rows)


def message_kernel(batch: pa.RecordBatch, resolver: Resolver) -> pa.RecordBatch:
    """Arrow-batch kernel: e-mails -> one hit per (message, distinct To/Cc/Bcc address)."""
    texts = pc.binary_join_element_wise(
        pc.fill_null(batch.column("subject"), ""), pc.fill_null(batch.column("text"), ""), " "
    )
    (ids, norms), ts = normal_texts(texts), _micros(batch, "sent_at")
    rows: list[tuple[Any, ...]] = []
    for i, mail in enumerate(batch.to_pylist()):
        if mail["message_id"] is None or mail["sender"] is None or ts[i] is None:
            continue
        found = [*(mail["recipients"] or ()), *(mail["cc"] or ()), *(mail["bcc"] or ())]
        text = (ids[i], norms[i])
        for address in dict.fromkeys(a.strip().casefold() for a in found if a and "@" in a):
            org_id, matched_on = resolver.address(address)
            sender = str(mail["sender"]).casefold()
            rows.append(
                (mail["message_id"], sender, ts[i], "email", address, org_id, matched_on, *text)
            )
    return _hits(rows)


def _with_emails(tables: Tables, path: Path) -> Tables:
    """``tables`` plus the messages of ``path`` (.eml files or mailboxes), read by cdnet ingest."""
    from cdnet.analysis.ingest import ingest

    if not path.exists():
        raise BadInput("no such file or folder", file=str(path), field="--emails")
    out = tables.engine.workdir / tables.engine.fresh_name("emails")
    read = ingest([path], out, fmt="email").tables.get("messages")
    if read is None:
        raise BadInput("no e-mail messages found", file=str(path), field="--emails")
    paths = dict(tables.paths)
    paths["messages"] = [*paths.get("messages", []), read.path]
    return Tables(paths, tables.engine)


def hits_table(tables: Tables, resolver: Resolver) -> ir.Table | None:
    """Every (post or e-mail, handle or address) with its organisation, as one kept table."""
    engine = tables.engine
    parts = []
    if "posts" in tables:
        kernel = functools.partial(post_kernel, resolver=resolver)
        parts.append(engine.apply(tables.table("posts", _POSTS), kernel, HIT_SCHEMA, "org_posts"))
    if "messages" in tables:
        kernel = functools.partial(message_kernel, resolver=resolver)
        table = tables.table("messages", _MESSAGES)
        parts.append(engine.apply(table, kernel, HIT_SCHEMA, "org_mails"))
    if not parts:
        return None
    return engine.persist(parts[0] if len(parts) == 1 else parts[0].union(parts[1]), "org_hits")


def _rows(tables: Tables, expr: ir.Table) -> Iterator[dict[str, Any]]:
    for batch in tables.engine.batches(expr):
        yield from batch.to_pylist()


def _grouped(tables: Tables, expr: ir.Table, keys: list[str], value: str) -> dict[Any, list[str]]:
    """key (or tuple of keys) -> sorted distinct ``value``s."""
    found: dict[Any, set[str]] = defaultdict(set)
    for row in _rows(tables, expr.select(*keys, value).distinct()):
        found[tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]]].add(str(row[value]))
    return {key: sorted(values) for key, values in found.items()}


def _summary(hits: ir.Table, keys: list[str]) -> ir.Table:
    return hits.group_by(keys).aggregate(
        messages=hits.evidence_id.nunique(),
        senders=hits.sender.nunique(),
        first=hits.ts.min(),
        last=hits.ts.max(),
    )


def text_groups(tables: Tables, texts: ir.Table, similarity: float) -> ir.Table:
    """``texts`` (hits with a ``text_id``) with ``text_group``: the near-duplicate component of
    its text (Jaccard >= ``similarity``, transitively), or its own ``text_id`` if it has none.

    The distinct normalised texts go through ``coordination``'s MinHash/LSH candidates, exact
    Jaccard check and connected components, so this runs on DuckDB and Spark alike.
    """
    engine = tables.engine
    distinct = texts.group_by("text_id").aggregate(norm=texts.norm.min())
    distinct = engine.persist(distinct, "org_texts")
    edges = coordination_text.verified_pairs(tables, distinct, _NUM_PERM, similarity)
    labels, _ = coordination_text.text_components(tables, edges)
    if labels is None:
        return texts.mutate(text_group=texts.text_id)
    joined = texts.left_join(labels, texts.text_id == labels.text_id)
    return joined.select(
        *[texts[c] for c in HIT_SCHEMA.names],
        text_group=ibis.coalesce(labels.comp, texts.text_id),
    ).view()


def tag_bombed(tables: Tables, resolved: ir.Table, config: Config) -> ir.Table:
    """(org_id, evidence_id) of near-identical texts that reach ``min_orgs`` organisations in
    ``min_copies`` or more posts or e-mails."""
    texts = text_groups(tables, resolved.filter(resolved.text_id.notnull()), config.similarity)
    texts = tables.engine.persist(texts, "org_text_groups")
    groups = texts.group_by("text_group").aggregate(
        orgs=texts.org_id.nunique(), copies=texts.evidence_id.nunique()
    )
    bombs = groups.filter((groups.orgs >= config.min_orgs) & (groups.copies >= config.min_copies))
    kept = texts.semi_join(bombs.select("text_group"), "text_group")
    return kept.select("org_id", "evidence_id")


def _when(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=int(micros))


def _score(messages: int, senders: int, bombed: bool) -> float:
    base = min(0.8, 0.3 + 0.05 * (messages - 1) + 0.1 * (senders - 1))
    return max(base, 0.9) if bombed else base


def _explain(org: Organisation, row: dict[str, Any], bombed: list[str]) -> str:
    who = ", ".join(p for p in (org.kind, org.country) if p)
    text = (
        f"{org.name}{f' ({who})' if who else ''} was tagged or e-mailed in {row['messages']} "
        f"posts or e-mails by {row['senders']} senders between {_when(row['first']):%Y-%m-%d} "
        f"and {_when(row['last']):%Y-%m-%d}"
    )
    if bombed:
        text += (
            f"; {len(bombed)} of them carry near-identical text tagging several organisations "
            "(Operation Overload-style tag-bombing)"
        )
    return text + "."


def targeted(
    tables: Tables, hits: ir.Table, orgs: dict[str, Organisation], config: Config
) -> list[TargetedFinding]:
    """One finding per organisation that was tagged or e-mailed."""
    resolved = hits.filter(hits.org_id.notnull())
    evidence = _grouped(tables, resolved, ["org_id"], "evidence_id")
    matched = _grouped(tables, resolved, ["org_id"], "matched_on")
    bombed = _grouped(tables, tag_bombed(tables, resolved, config), ["org_id"], "evidence_id")
    findings = []
    for row in _rows(tables, _summary(resolved, ["org_id"])):
        org, flagged = orgs[row["org_id"]], bombed.get(row["org_id"], [])
        findings.append(
            TargetedFinding(
                detector=NAME,
                score=_score(row["messages"], row["senders"], bool(flagged)),
                explanation=_explain(org, row, flagged),
                disarm=list(DISARM_TAG_BOMBING if flagged else DISARM_TARGETED),
                kind="targeted",
                org_id=org.org_id,
                name=org.name,
                messages=row["messages"],
                senders=row["senders"],
                first_seen=_when(row["first"]),
                last_seen=_when(row["last"]),
                evidence_ids=evidence[org.org_id],
                matched_on=matched[org.org_id],
                tag_bombing=bool(flagged),
                tag_bombing_ids=flagged,
            )
        )
    return sorted(findings, key=lambda f: (-f.score, -f.messages, f.org_id or ""))


def unresolved(tables: Tables, hits: ir.Table, config: Config) -> list[TargetedFinding]:
    """Extension lines: handles and addresses no organisation claims (next to one, unless
    ``all``; none by default, so the output is FORMATS.md's one line per organisation)."""
    if config.unresolved == "none":
        return []
    found = hits.filter(hits.org_id.isnull())
    if config.unresolved == "co-tagged":
        named = hits.filter(hits.org_id.notnull()).select("evidence_id").distinct()
        found = found.semi_join(named, "evidence_id")
    keys = ["platform", "handle"]
    evidence = _grouped(tables, found, keys, "evidence_id")
    findings = []
    for row in _rows(tables, _summary(found, keys)):
        where = row["platform"] or "an unknown platform"
        findings.append(
            TargetedFinding(
                detector=NAME,
                score=0.1,
                explanation=f"{row['handle']} on {where} was tagged or e-mailed in "
                f"{row['messages']} posts or e-mails but matches no organisation: review it.",
                disarm=[],
                kind="unresolved",
                org_id=None,
                name=None,
                messages=row["messages"],
                senders=row["senders"],
                first_seen=_when(row["first"]),
                last_seen=_when(row["last"]),
                evidence_ids=evidence[(row["platform"], row["handle"])],
                handle=row["handle"],
                platform=row["platform"],
            )
        )
    return sorted(findings, key=lambda f: (-f.messages, f.platform or "", f.handle or ""))


def run(tables: Tables, config: Config) -> Iterator[TargetedFinding]:
    """Targeted organisations, strongest first, then any unresolved handles asked for."""
    organisations = load_organisations(config.orgs, config.shipped)
    if config.emails is not None:
        tables = _with_emails(tables, config.emails)
    hits = hits_table(tables, Resolver.of(organisations))
    if hits is None:
        return
    orgs = {org.org_id: org for org in organisations}
    yield from targeted(tables, hits, orgs, config)
    yield from unresolved(tables, hits, config)
