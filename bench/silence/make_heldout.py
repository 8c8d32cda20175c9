"""Build bench/silence/heldout.csv from the hand-written posts in posts_*.py.

    .venv/bin/python bench/silence/make_heldout.py

The posts were written before reading the detector's phrase lists or regexes, from FORMATS.md,
the first section of docs/detectors/election-silence.md and the shipped calendar and parties.
Each post says what its text does (C campaigning, P poll publication, CP both, N neither,
A ambiguous); its label follows the docs' rules: a class counts only when the post's moment lies
inside that class's window (campaigning: silence_start..polls_close where the row has a silence;
poll publication: poll_ban_start, else silence_start, ..polls_close; cancelled rows have none).
A quarter of the rows, drawn with a fixed seed, get ``split=final`` and were never looked at
while improving the detector.
"""

from __future__ import annotations

import csv
import random
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import posts_de_pl_ro  # noqa: E402
import posts_ep  # noqa: E402
import posts_fr  # noqa: E402
import posts_more  # noqa: E402

CALENDAR = HERE.parents[1] / "src" / "cdnet" / "data" / "elections" / "calendar.csv"
OUT = HERE / "heldout.csv"
SEED = 20240609
FIELDS = (
    "post_id account_id created_at text platform account_name url lang country "
    "election_id when label note split"
).split()
CONTENT = {
    "C": {"campaigning"},
    "P": {"poll-publication"},
    "CP": {"campaigning", "poll-publication"},
    "N": set(),
    "A": set(),
}
LANG = {
    "fr": "fr", "gp": "fr", "mq": "fr", "pf": "fr", "re": "fr", "nc": "fr", "yt": "fr",
    "gf": "fr", "de": "de", "pl": "pl", "ro": "ro", "it": "it", "es": "es", "pt": "pt",
    "sk": "sk", "cz": "cs", "hu": "hu", "gr": "el", "bg": "bg", "hr": "hr", "si": "sl",
    "mt": "mt", "cy": "el", "lt": "lt", "lu": "lb", "nl": "nl", "ie": "en", "lv": "lv",
    "at": "de", "be": "nl", "dk": "da", "ee": "et", "fi": "fi", "se": "sv",
}  # fmt: skip
LANG_BY_ACCOUNT = {
    "sumar_bcn": "ca", "pn_fan": "en", "fidias_fan": "en", "lu_leak": "fr", "lu_leak_de": "de",
    "csv_fan": "lb", "ps_be": "fr", "ff_fan": "en", "exit_ie": "en", "kreyol_vote": "gcf",
    "pasok_fan": "el", "vazrazhdane": "bg", "maltese_leak": "en", "electoral_mt.example": "en",
    "anon0021": "fr",
}  # fmt: skip


@dataclass(frozen=True)
class Window:
    election_id: str
    country: str
    silence: tuple[datetime, datetime] | None
    polls: tuple[datetime, datetime] | None
    polls_close: datetime


def _utc(local: str, zone: str) -> datetime:
    naive = datetime.strptime(local, "%Y-%m-%d %H:%M")  # noqa: DTZ007
    return naive.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def read_windows(path: Path = CALENDAR) -> dict[str, Window]:
    out: dict[str, Window] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            start = _utc(row["silence_start"], row["timezone"])
            close = _utc(row["polls_close"], row["timezone"])
            ban = row.get("poll_ban_start") or ""
            ban_start = _utc(ban, row["timezone"]) if ban else start
            live = row.get("status") != "cancelled"
            silence = (start, close) if live and row.get("silence") == "yes" else None
            polls = (ban_start, close) if live and ban_start < close else None
            out[row["election_id"]] = Window(
                row["election_id"], row["country"], silence, polls, close
            )
    return out


def moment(window: Window, when: str, index: int) -> datetime:
    """A moment of kind ``when`` for ``window``; ``index`` spreads posts over a few minutes."""
    jitter = timedelta(minutes=(index * 7) % 50)
    spans = [s for s in (window.silence, window.polls) if s]
    if when == "in":
        if window.silence:
            start, end = window.silence
        elif window.polls:
            start, end = window.polls
        else:
            return window.polls_close - timedelta(hours=4) + jitter
        return start + (end - start) / 2 + jitter
    if when == "ban":
        if not (window.polls and window.silence):
            raise ValueError(f"{window.election_id} has no poll ban before its silence")
        return window.polls[0] + (window.silence[0] - window.polls[0]) / 2 + jitter
    if when == "pre":
        first = min([s[0] for s in spans], default=window.polls_close)
        return first - timedelta(hours=30) + jitter
    if when == "post":
        return window.polls_close + timedelta(hours=2) + jitter
    if when == "edge_in":  # the last seconds before the polls close
        return window.polls_close - timedelta(seconds=1)
    if when == "edge_out":  # the moment the polls close: windows exclude their end
        return window.polls_close
    if when in ("start_in", "start_out") and not window.silence:
        raise ValueError(f"{window.election_id} has no silence")
    if when == "start_in" and window.silence:  # the first second of the silence
        return window.silence[0]
    if when == "start_out" and window.silence:  # one second before the silence
        return window.silence[0] - timedelta(seconds=1)
    raise ValueError(when)


def label(window: Window, at: datetime, content: str) -> str:
    def inside(span: tuple[datetime, datetime] | None) -> bool:
        return span is not None and span[0] <= at < span[1]

    if content == "A":
        return "ambiguous" if inside(window.silence) or inside(window.polls) else "none"
    wanted = CONTENT[content]
    got = []
    if "campaigning" in wanted and inside(window.silence):
        got.append("campaigning")
    if "poll-publication" in wanted and inside(window.polls):
        got.append("poll-publication")
    return "|".join(got) or "none"


def blocks() -> list[tuple[str, str]]:
    return [
        ("fr-2024-06-09", posts_fr.FR_EP), ("fr-2024-06-30", posts_fr.FR_LEG1),
        ("fr-2024-07-07", posts_fr.FR_LEG2), ("", posts_fr.FR_OVERSEAS),
        ("de-2025-02-23", posts_de_pl_ro.DE_2025), ("de-2024-06-09", posts_de_pl_ro.DE_EP),
        ("pl-2025-05-18", posts_de_pl_ro.PL_2025_R1), ("pl-2025-06-01", posts_de_pl_ro.PL_2025_R2),
        ("pl-2024-06-09", posts_de_pl_ro.PL_EP), ("ro-2025-05-04", posts_de_pl_ro.RO_2025_R1),
        ("ro-2025-05-18", posts_de_pl_ro.RO_2025_R2), ("", posts_de_pl_ro.RO_2024),
        ("it-2024-06-08", posts_ep.IT), ("es-2024-06-09", posts_ep.ES),
        ("pt-2024-06-09", posts_ep.PT), ("sk-2024-06-08", posts_ep.SK),
        ("cz-2024-06-07", posts_ep.CZ), ("hu-2024-06-09", posts_ep.HU),
        ("gr-2024-06-09", posts_ep.GR), ("bg-2024-06-09", posts_ep.BG),
        ("hr-2024-06-09", posts_ep.HR), ("si-2024-06-09", posts_ep.SI),
        ("mt-2024-06-08", posts_ep.MT), ("cy-2024-06-09", posts_ep.CY),
        ("lt-2024-06-09", posts_ep.LT), ("lu-2024-06-09", posts_ep.LU),
        ("", posts_ep.NO_WINDOW), *posts_more.BLOCKS,
    ]  # fmt: skip


def build_rows() -> list[dict[str, str]]:
    windows = read_windows()
    rows: list[dict[str, str]] = []
    for default_election, text in blocks():
        for line in filter(None, (raw.strip() for raw in text.splitlines())):
            when, account, content, body, note = (part.strip() for part in line.split(" | "))
            election_id = default_election
            if " " in when:
                election_id, when = when.split(" ")
            window = windows[election_id]
            index = len(rows) + 1
            at = moment(window, when, index)
            platform = "x"
            rows.append(
                {
                    "post_id": f"h{index:04d}",
                    "account_id": f"{platform}:{account}",
                    "created_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "text": body,
                    "platform": platform,
                    "account_name": account,
                    "url": f"https://social.example/{account}/status/{index}",
                    "lang": LANG_BY_ACCOUNT.get(account, LANG[election_id[:2]]),
                    "country": window.country,
                    "election_id": election_id,
                    "when": when,
                    "label": label(window, at, content),
                    "note": note,
                    "split": "dev",
                }
            )
    for row in random.Random(SEED).sample(rows, k=round(len(rows) * 0.25)):
        row["split"] = "final"
    return rows


def main() -> None:
    rows = build_rows()
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} posts to {OUT}")


if __name__ == "__main__":
    main()
