"""Election calendars and the party/candidate registry behind ``election-silence``.

The calendar is the CSV of FORMATS.md (``election_id``, ``country``, ``polling_day``,
``timezone``, ``silence_start``, ``polls_close`` required; ``poll_ban_start``, ``kind``,
``round`` optional) plus the optional columns ``silence`` (``none`` for a country without a
campaign silence: its ``silence_start`` is then ignored and may repeat ``polls_close``),
``status`` (``held``, ``scheduled``, ``annulled``, ``cancelled``: only ``cancelled`` rows are
ignored by the detector) and ``name``. Local date-times are read in the
row's IANA zone with :mod:`zoneinfo`, so windows are right across daylight-saving changes.

The shipped files live in ``cdnet/data/elections`` (see its SOURCE.md); ``--calendar FILE``
replaces the calendar. Nothing here reads the network.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cdnet.errors import BadInput

SHIPPED_DIR = ("data", "elections")
REQUIRED = ("election_id", "country", "polling_day", "timezone", "silence_start", "polls_close")
PARTY_KINDS = ("party", "candidate", "person")
PHRASE_KINDS = ("call-to-vote", "exit-poll", "coded-hashtag", "turnout")
#: Territories with their own ISO code that vote in their state's elections (French overseas
#: territories, some a day earlier): their parties and candidates are the state's.
PARENT_COUNTRY = dict.fromkeys(
    ("GP", "MQ", "GF", "PM", "BL", "MF", "PF", "RE", "YT", "NC", "WF"), "FR"
)


@dataclass(frozen=True)
class Election:
    """One row of a calendar, with its windows resolved to UTC."""

    election_id: str
    country: str
    polling_day: date
    timezone: str
    silence_start: datetime  # UTC
    polls_close: datetime  # UTC
    poll_ban_start: datetime  # UTC; the silence start when the calendar gives none
    silence: bool
    kind: str = ""
    round: str = ""
    status: str = "held"
    name: str = ""
    local_silence_start: str = ""
    local_polls_close: str = ""

    @property
    def campaign_window(self) -> tuple[datetime, datetime] | None:
        """``[start, end)`` in UTC during which campaigning is banned; None without silence."""
        return (self.silence_start, self.polls_close) if self.silence else None

    @property
    def poll_window(self) -> tuple[datetime, datetime] | None:
        """``[start, end)`` in UTC during which polls and estimates may not be published."""
        if self.poll_ban_start < self.polls_close:
            return (self.poll_ban_start, self.polls_close)
        return None


@dataclass(frozen=True)
class Party:
    """A party, candidate or political figure whose name and accounts mark campaigning."""

    country: str
    name: str
    aliases: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()  # lower case, no @, no platform prefix
    kind: str = "party"


@dataclass(frozen=True)
class Phrase:
    """A call to vote, exit-poll wording, coded hashtag or turnout word in one language."""

    language: str
    kind: str
    phrase: str


def _read(path: Path | None, shipped: str) -> tuple[str, list[dict[str, str]]]:
    """The rows of ``path`` (or of the shipped file) as dicts of stripped strings."""
    if path is None:
        text = resources.files("cdnet").joinpath(*SHIPPED_DIR, shipped).read_text("utf-8")
        source = f"cdnet/data/elections/{shipped}"
    else:
        try:
            text = Path(path).read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"cannot read {path}: {exc}", file=str(path)) from None
        source = str(path)
    reader = csv.DictReader(io.StringIO(text))
    rows = [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]
    return source, [{"__header__": ",".join(reader.fieldnames or [])}, *rows]


def _local(value: str, zone: ZoneInfo, source: str, row: int, field: str) -> tuple[datetime, str]:
    """A local date-time string read in ``zone``, as UTC (and the text as given)."""
    try:
        naive = datetime.fromisoformat(value)
    except ValueError:
        raise BadInput(
            f"expected a local date-time such as 2024-06-08 00:00, got {value!r}",
            file=source,
            row=row,
            field=field,
        ) from None
    if naive.tzinfo is not None:
        return naive.astimezone(UTC), value
    return naive.replace(tzinfo=zone).astimezone(UTC), value


def _election(row: dict[str, str], source: str, number: int) -> Election:
    for column in REQUIRED:
        if column != "silence_start" and not row.get(column):
            raise BadInput(f"{column} is required", file=source, row=number, field=column)
    try:
        zone = ZoneInfo(row["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(
            f"unknown IANA time zone {row['timezone']!r}",
            file=source,
            row=number,
            field="timezone",
        ) from None
    silence = row.get("silence", "").lower() not in ("none", "no", "false")
    if silence and not row.get("silence_start"):
        raise BadInput(
            "silence_start is required (or set silence to none)",
            file=source,
            row=number,
            field="silence_start",
        )
    close, close_text = _local(row["polls_close"], zone, source, number, "polls_close")
    start, start_text = (
        _local(row["silence_start"], zone, source, number, "silence_start")
        if row.get("silence_start")
        else (close, close_text)
    )
    ban = row.get("poll_ban_start", "")
    ban_at = _local(ban, zone, source, number, "poll_ban_start")[0] if ban else None
    if silence and start >= close:
        raise BadInput("silence_start must come before polls_close", file=source, row=number)
    try:
        day = date.fromisoformat(row["polling_day"])
    except ValueError:
        raise BadInput(
            f"expected a date, got {row['polling_day']!r}",
            file=source,
            row=number,
            field="polling_day",
        ) from None
    return Election(
        election_id=row["election_id"],
        country=row["country"].upper(),
        polling_day=day,
        timezone=row["timezone"],
        silence_start=start,
        polls_close=close,
        poll_ban_start=ban_at or (start if silence else close),
        silence=silence,
        kind=row.get("kind", ""),
        round=row.get("round", ""),
        status=row.get("status", "") or "held",
        name=row.get("name", ""),
        local_silence_start=start_text if silence else "",
        local_polls_close=close_text,
    )


def load_calendar(path: Path | None = None) -> tuple[Election, ...]:
    """The elections of ``path`` (default: the shipped calendar), in file order."""
    source, rows = _read(path, "calendar.csv")
    header = rows[0]["__header__"].split(",")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise BadInput(f"missing column {missing[0]}", file=source, field=missing[0])
    elections = [_election(row, source, n) for n, row in enumerate(rows[1:], start=2)]
    seen: set[str] = set()
    for number, election in enumerate(elections, start=2):
        if election.election_id in seen:
            raise BadInput(
                f"duplicate election_id {election.election_id!r}",
                file=source,
                row=number,
                field="election_id",
            )
        seen.add(election.election_id)
    return tuple(elections)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split("|") if v.strip())


def _handle(value: str) -> str:
    """``x:@RNational_off`` -> ``rnational_off`` (the platform prefix is dropped)."""
    return value.rsplit(":", 1)[-1].lstrip("@").casefold()


def load_parties(path: Path | None = None) -> tuple[Party, ...]:
    """The party/candidate registry (country*, name*, aliases, handles, kind)."""
    source, rows = _read(path, "parties.csv")
    parties = []
    for number, row in enumerate(rows[1:], start=2):
        for column in ("country", "name"):
            if not row.get(column):
                raise BadInput(f"{column} is required", file=source, row=number, field=column)
        kind = row.get("kind", "") or "party"
        if kind not in PARTY_KINDS:
            raise BadInput(f"kind must be one of {', '.join(PARTY_KINDS)}", file=source, row=number)
        parties.append(
            Party(
                country=row["country"].upper(),
                name=row["name"],
                aliases=_split(row.get("aliases", "")),
                handles=tuple(_handle(h) for h in _split(row.get("handles", ""))),
                kind=kind,
            )
        )
    return tuple(parties)


def load_phrases() -> tuple[Phrase, ...]:
    """The shipped calls to vote, exit-poll wording, coded hashtags and turnout words."""
    _, rows = _read(None, "vote_phrases.csv")
    return tuple(
        Phrase(r["language"], r["kind"], r["phrase"].casefold())
        for r in rows[1:]
        if r.get("kind") in PHRASE_KINDS and r.get("phrase")
    )


def windows_of(election: Election) -> Iterator[tuple[str, datetime, datetime]]:
    """``(violation, start, end)`` for each window the election has (UTC, end excluded)."""
    if election.campaign_window:
        yield ("campaigning", *election.campaign_window)
    if election.poll_window:
        yield ("poll-publication", *election.poll_window)
