"""``election-silence``: campaigning and poll publication inside an election's silence window.

Reads the posts table. A post's country (its ``country`` column, else ``--country``) selects the
elections of the calendar (the shipped one, or ``--calendar FILE``); a post whose ``created_at``
falls in a window of one of them is checked (UTC throughout; each window is computed from local
date-times in the election's IANA zone, so daylight-saving changes are handled):

* ``campaigning`` (from silence start until the last polls close): a post by a party or
  candidate account of the registry, or a call to vote naming a party or candidate;
* ``poll-publication`` (from the poll ban, else the silence start, until polls close):
  percentages next to a party or candidate name, exit-poll and estimate wording with a party or
  a percentage, and coded hashtags such as #RadioLondres.

Turnout figures and civic reminders that name no party are not violations. Countries without a
campaign silence (calendar ``silence`` = ``none``) get no campaigning finding. See
docs/detectors/election-silence.md.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
from pydantic import Field

from cdnet.analysis.detectors.base import DetectorConfig, Finding, Tables
from cdnet.analysis.detectors.election_silence_text import (
    INFLECTING,
    PartyNames,
    after_call,
    figure_spans,
    fold,
    listed_figures,
    shown,
    words,
)
from cdnet.analysis.reference.elections import (
    PARENT_COUNTRY,
    Election,
    load_calendar,
    load_parties,
    load_phrases,
    windows_of,
)

NAME = "election-silence"
DESCRIPTION = "Campaigning and poll publication inside an election's silence window."
TABLES = ("posts",)

_SCORES = {
    "party-account": 0.9,
    "call-to-vote": 0.8,
    "poll-percentage": 0.9,
    "exit-poll-wording": 0.8,
    "coded-hashtag": 0.7,
}
_RULES = {
    "party-account": "posted by the account of {}",
    "call-to-vote": "a call to vote ({}) naming {}",
    "poll-percentage": "a percentage next to {}",
    "exit-poll-wording": "exit-poll or estimate wording ({})",
    "coded-hashtag": "the coded hashtag {}",
}
_TURNOUT_REACH = 40


class Config(DetectorConfig):
    """Options of ``election-silence`` (each is also ``--option`` on the command line)."""

    calendar: Path | None = Field(
        None,
        description="Election calendar replacing the shipped one: the CSV of FORMATS.md "
        "(election_id*, country*, polling_day*, timezone*, silence_start*, polls_close*, "
        "poll_ban_start, kind, round; optional silence = none, status, name).",
    )
    parties: Path | None = Field(
        None,
        description="Party/candidate registry replacing the shipped one: CSV with country*, "
        "name*, aliases and handles (|-separated), kind (party, candidate, person).",
    )
    country: str | None = Field(
        None,
        description="ISO alpha-2 country for posts whose country column is empty or missing "
        "(default: such posts are skipped).",
    )
    proximity: int = Field(
        40,
        ge=1,
        description="How many characters a percentage may be from a party or candidate name "
        "to count as a poll figure.",
    )


class ElectionSilenceFinding(Finding):
    """A post inside a silence window that campaigns or publishes polls."""

    post_id: str = Field(description="The post.")
    account_id: str = Field(description="Its author.")
    election_id: str = Field(description="The calendar's election.")
    violation: str = Field(description="campaigning or poll-publication.")
    created_at: datetime = Field(description="When it was posted (UTC).")
    window_start: datetime = Field(description="Start of the window broken (UTC).")
    window_end: datetime = Field(description="End of the window (UTC): the last polls close.")
    rule: str = Field(description="What made it a violation (party-account, call-to-vote, ...).")
    matched: list[str] = Field(default_factory=list, description="The words or names matched.")


@dataclass(frozen=True)
class Rules:
    """Everything the kernel needs, picklable: elections, registry patterns and phrases."""

    elections: dict[str, tuple[Election, ...]]
    names: dict[str, tuple[PartyNames, ...]]
    handles: dict[str, dict[str, str]]
    calls: re.Pattern[str] | None
    exit_words: re.Pattern[str] | None
    hashtags: tuple[str, ...]
    turnout: re.Pattern[str] | None
    default_country: str = ""
    proximity: int = 40
    shown: dict[str, str] = field(default_factory=dict)


def build_rules(config: Config) -> Rules:
    """The calendar, registry and phrases of ``config`` as kernel rules."""
    elections: dict[str, list[Election]] = {}
    for election in load_calendar(config.calendar):
        if election.status != "cancelled":
            elections.setdefault(election.country, []).append(election)
    names: dict[str, list[PartyNames]] = {}
    handles: dict[str, dict[str, str]] = {}
    for party in load_parties(config.parties):
        inflecting = party.country in INFLECTING
        names.setdefault(party.country, []).append(PartyNames.of(party, inflecting))
        for handle in party.handles:
            handles.setdefault(party.country, {})[handle] = party.name
    phrases = load_phrases()

    def kind(k: str) -> list[str]:
        return [p.phrase for p in phrases if p.kind == k]

    return Rules(
        elections={c: tuple(e) for c, e in elections.items()},
        names={c: tuple(n) for c, n in names.items()},
        handles=handles,
        calls=words(kind("call-to-vote")),
        exit_words=words(kind("exit-poll")),
        hashtags=tuple(fold(h).casefold() for h in kind("coded-hashtag")),
        turnout=words(kind("turnout")),
        default_country=(config.country or "").upper(),
        proximity=config.proximity,
        shown=shown([p.phrase for p in phrases]),
    )


@dataclass(frozen=True)
class Post:
    """The fields of one post the rules read."""

    post_id: str
    account_id: str
    account_name: str
    created_at: datetime
    text: str
    country: str


def _mentions(rules: Rules, post: Post) -> list[tuple[str, int, int]]:
    """``(party name, start, end)`` of each party or candidate named in the post."""
    folded = fold(post.text)
    lowered = folded.casefold()
    found = []
    for names in rules.names.get(PARENT_COUNTRY.get(post.country, post.country), ()):
        found += [(names.party.name, s, e) for s, e in names.spans(folded, lowered)]
    return found


def _poll_figures(rules: Rules, lowered: str, year: int) -> list[tuple[int, int]]:
    """Spans of percentages and seat counts that are neither turnout nor dated to a past year."""
    figures = []
    for start, end in figure_spans(lowered, year):
        before = lowered[max(0, start - _TURNOUT_REACH) : start]
        if rules.turnout is None or not rules.turnout.search(before):
            figures.append((start, end))
    return figures


def _party(rules: Rules, post: Post) -> tuple[PartyNames, ...]:
    return rules.names.get(PARENT_COUNTRY.get(post.country, post.country), ())


def campaigning(rules: Rules, post: Post) -> tuple[str, list[str]] | None:
    """``(rule, matched)`` when the post campaigns, else None."""
    own = rules.handles.get(PARENT_COUNTRY.get(post.country, post.country), {})
    for handle in (post.account_id, post.account_name):
        party = own.get(handle.lstrip("@").casefold()) if handle else None
        if party:
            return "party-account", [party]
    lowered = fold(post.text).casefold()
    calls = list(rules.calls.finditer(lowered)) if rules.calls else []
    if not calls:
        return None
    named = {name for name, _, _ in _mentions(rules, post)}
    named |= {
        n.party.name for n in _party(rules, post) for c in calls if after_call(n, lowered, c.end())
    }
    if named:
        word = calls[0].group(1)
        return "call-to-vote", [rules.shown.get(word, word), *sorted(named)]
    return None


def poll_publication(rules: Rules, post: Post) -> tuple[str, list[str]] | None:
    """``(rule, matched)`` when the post publishes polls or estimates, else None."""
    lowered = fold(post.text).casefold()
    tags = [t for t in rules.hashtags if re.search(re.escape(t) + r"(?!\w)", lowered)]
    mentions = _mentions(rules, post)
    figures = _poll_figures(rules, lowered, post.created_at.year)
    near = {
        name
        for name, start, end in mentions
        for f_start, f_end in figures
        if f_start - end <= rules.proximity and start - f_end <= rules.proximity
    }
    near |= set(listed_figures(mentions, lowered))
    if near:
        return "poll-percentage", sorted(near)
    wording = rules.exit_words.search(lowered) if rules.exit_words else None
    if wording and (mentions or figures):
        word = wording.group(1)
        return "exit-poll-wording", [rules.shown.get(word, word), *sorted({m[0] for m in mentions})]
    if tags:
        return "coded-hashtag", tags
    return None


OUT_SCHEMA = pa.schema(
    [
        ("post_id", pa.string()),
        ("account_id", pa.string()),
        ("election_id", pa.string()),
        ("violation", pa.string()),
        ("created_at", pa.string()),
        ("window_start", pa.string()),
        ("window_end", pa.string()),
        ("rule", pa.string()),
        ("matched", pa.list_(pa.string())),
        ("explanation", pa.string()),
    ]
)
_INPUT = {
    "post_id": pa.string(),
    "account_id": pa.string(),
    "account_name": pa.string(),
    "created_at": pa.timestamp("us", tz="UTC"),
    "text": pa.string(),
    "country": pa.string(),
}
_CHECKS = {"campaigning": campaigning, "poll-publication": poll_publication}


def _utc(moment: datetime) -> datetime:
    """A timestamp from Arrow as an aware UTC datetime (naive values are UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def explain(post: Post, election: Election, violation: str, found: tuple[str, list[str]]) -> str:
    """One sentence: the post, the rule it broke, the evidence and the window."""
    rule, matched = found
    if rule == "call-to-vote":
        evidence = _RULES[rule].format(repr(matched[0]), ", ".join(matched[1:]))
    else:
        evidence = _RULES[rule].format(", ".join(matched))
    window = election.campaign_window if violation == "campaigning" else election.poll_window
    start, end = window or (election.silence_start, election.polls_close)
    what = "campaign silence" if violation == "campaigning" else "ban on publishing polls"
    label = election.name or election.election_id
    return (
        f"Post {post.post_id} of {post.created_at.strftime('%Y-%m-%d %H:%M:%S')} UTC breaks the "
        f"{what} of {label} ({election.election_id}, {_stamp(start)} to {_stamp(end)}, "
        f"{election.timezone}): {evidence}."
    )


def _post(row: dict[str, object], default_country: str) -> Post:
    created = row["created_at"]
    assert isinstance(created, datetime)  # noqa: S101 - the input schema says so
    return Post(
        post_id=str(row["post_id"]),
        account_id=str(row["account_id"] or ""),
        account_name=str(row["account_name"] or ""),
        created_at=_utc(created),
        text=str(row["text"] or ""),
        country=str(row["country"] or default_country).strip().upper(),
    )


def check_post(rules: Rules, post: Post) -> Iterator[tuple[object, ...]]:
    """Output rows for every window of the post's country it breaks."""
    for election in rules.elections.get(post.country, ()):
        for violation, start, end in windows_of(election):
            if not start <= post.created_at < end:
                continue
            found = _CHECKS[violation](rules, post)
            if found is None:
                continue
            yield (
                post.post_id,
                post.account_id,
                election.election_id,
                violation,
                post.created_at.isoformat(),
                start.isoformat(),
                end.isoformat(),
                found[0],
                found[1],
                explain(post, election, violation, found),
            )


def silence_kernel(batch: pa.RecordBatch, rules: Rules) -> pa.RecordBatch:
    """Arrow-batch kernel: post rows -> one row per (post, election, violation)."""
    rows: dict[str, list[object]] = {name: [] for name in OUT_SCHEMA.names}
    for row in batch.to_pylist():
        if row["created_at"] is None:
            continue
        for values in check_post(rules, _post(row, rules.default_country)):
            for name, value in zip(OUT_SCHEMA.names, values, strict=True):
                rows[name].append(value)
    return pa.RecordBatch.from_pydict(rows, schema=OUT_SCHEMA)


def _finding(row: dict[str, object]) -> ElectionSilenceFinding:
    rule = str(row["rule"])
    matched = row["matched"]
    return ElectionSilenceFinding(
        detector=NAME,
        score=_SCORES[rule],
        explanation=str(row["explanation"]),
        disarm=[],
        post_id=str(row["post_id"]),
        account_id=str(row["account_id"]),
        election_id=str(row["election_id"]),
        violation=str(row["violation"]),
        created_at=datetime.fromisoformat(str(row["created_at"])),
        window_start=datetime.fromisoformat(str(row["window_start"])),
        window_end=datetime.fromisoformat(str(row["window_end"])),
        rule=rule,
        matched=[str(m) for m in matched] if isinstance(matched, list) else [],
    )


def run(tables: Tables, config: Config) -> Iterator[ElectionSilenceFinding]:
    """Check every post against its country's silence windows; findings in time order."""
    if "posts" not in tables:
        return
    rules = build_rules(config)
    kernel = functools.partial(silence_kernel, rules=rules)
    engine = tables.engine
    found = engine.apply(tables.table("posts", _INPUT), kernel, OUT_SCHEMA, "election_silence")
    findings = [_finding(row) for batch in engine.batches(found) for row in batch.to_pylist()]
    yield from sorted(findings, key=lambda f: (f.created_at, f.post_id, f.violation))
