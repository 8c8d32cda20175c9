"""The numbers behind ``notice-action``: Kaplan-Meier time to decision, a chart, statement matching.

* :func:`kaplan_meier` -- the product-limit estimate of the share of notices still without a
  decision after ``t`` hours, with notices not decided by the audit time censored there (numpy).
* :func:`km_median` -- the first time the estimate falls to one half or below (None: never).
* :func:`write_chart` -- the curve as an SVG (matplotlib, Agg backend).
* :func:`match_statements` -- notices matched to DSA statements of reasons, by id, else by
  platform + content URL + time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import numpy.typing as npt

Curve = tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]


def kaplan_meier(durations: Sequence[float], decided: Sequence[bool]) -> Curve:
    """Event times and the survival estimate S(t) just after each (decided = event observed).

    At each distinct time with at least one decision, S is multiplied by ``1 - d/n`` where ``d``
    is the number decided then and ``n`` the number still at risk (not decided, not censored
    earlier). A censored notice at the same time as a decision counts as at risk (the usual
    convention: censoring happens just after events).
    """
    times = np.asarray(durations, dtype=np.float64)
    events = np.asarray(decided, dtype=bool)
    order = np.lexsort((~events, times))
    times, events = times[order], events[order]
    event_times = np.unique(times[events])
    at_risk = len(times) - np.searchsorted(times, event_times, side="left")
    deaths = np.array([np.count_nonzero(events & (times == t)) for t in event_times])
    survival = np.cumprod(1.0 - deaths / np.maximum(at_risk, 1))
    return event_times, survival.astype(np.float64)


def km_median(curve: Curve) -> float | None:
    """The Kaplan-Meier median: the first event time where S(t) <= 0.5, or None."""
    times, survival = curve
    below = np.nonzero(survival <= 0.5)[0]
    return float(times[below[0]]) if len(below) else None


def write_chart(path: Path, platform: str, curve: Curve, stated_hours: float) -> None:
    """An SVG of the share of notices still undecided over time, with the stated time marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    times, survival = curve
    xs = np.concatenate([[0.0], times])
    ys = np.concatenate([[1.0], survival])
    figure, axes = plt.subplots(figsize=(6, 3.5))
    try:
        axes.step(xs, ys, where="post", color="#1f4e79", label="still undecided (Kaplan-Meier)")
        axes.axvline(stated_hours, color="#b03a2e", linestyle="--", label="stated time")
        axes.axhline(0.5, color="#888888", linewidth=0.8)
        axes.set_ylim(0, 1.02)
        axes.set_xlabel("hours since the notice")
        axes.set_ylabel("share without a decision")
        axes.set_title(f"Notice and action: {platform}")
        axes.legend(loc="upper right", fontsize="small")
        figure.tight_layout()
        figure.savefig(path, format="svg", metadata={"Date": None})
    finally:
        plt.close(figure)


def chart_name(platform: str) -> str:
    """A safe file name for a platform's chart (``Meta / Facebook`` -> ``meta-facebook.svg``)."""
    slug = re.sub(r"[^a-z0-9]+", "-", platform.lower()).strip("-")
    return f"{slug or 'platform'}.svg"


def platform_key(name: str) -> str:
    """A platform name reduced for matching (``TikTok``, ``tiktok`` and ``Tik Tok`` agree)."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def url_keys(url: str) -> set[str]:
    """What a content URL can match: itself (normalised), its path segments and query values."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    keys = {f"{host}{parts.path.rstrip('/')}".lower()} if host else set()
    keys.update(s for s in parts.path.split("/") if len(s) >= 4)
    keys.update(v for _, v in parse_qsl(parts.query) if len(v) >= 4)
    return keys


def statement_key(url: str | None, puid: str | None) -> str | None:
    """What a statement offers to match on: its URL (normalised) if any, else its PUID."""
    if url:
        parts = urlsplit(url.strip())
        host = parts.netloc.lower().removeprefix("www.")
        return f"{host}{parts.path.rstrip('/')}".lower()
    return puid.strip() if puid and puid.strip() else None


@dataclass(frozen=True)
class Match:
    """How a notice was matched to a statement of reasons."""

    notice_id: str
    uuid: str
    by: str  # "id" or "url"


def match_statements(
    notices: Iterable[dict[str, Any]], statements: Sequence[dict[str, Any]], window: timedelta
) -> list[Match]:
    """Each notice's statement: ``statement_id == uuid``, else same platform, a URL/PUID match and
    a statement created from the notice's submission up to ``window`` after its decision (or
    submission), the nearest in time winning. A statement is matched to one notice at most.
    """
    by_uuid = {s["uuid"]: s for s in statements}
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for s in statements:
        key = statement_key(s.get("url"), s.get("puid"))
        if key:
            by_key.setdefault((platform_key(s["platform_name"]), key), []).append(s)
    used: set[str] = set()
    found: list[Match] = []
    pending: list[dict[str, Any]] = []
    for notice in notices:
        sid = notice.get("statement_id")
        if sid and sid in by_uuid and sid not in used:
            used.add(sid)
            found.append(Match(notice["notice_id"], sid, "id"))
        else:
            pending.append(notice)
    for notice in pending:
        best = _nearest(notice, by_key, used, window)
        if best is not None:
            used.add(best)
            found.append(Match(notice["notice_id"], best, "url"))
    return found


def _nearest(
    notice: dict[str, Any],
    by_key: dict[tuple[str, str], list[dict[str, Any]]],
    used: set[str],
    window: timedelta,
) -> str | None:
    submitted: datetime = notice["submitted_at"]
    anchor: datetime = notice.get("decided_at") or submitted
    platform = platform_key(notice["platform"])
    best: tuple[float, str] | None = None
    for key in url_keys(notice["content_url"] or ""):
        for s in by_key.get((platform, key), []):
            created: datetime = s["created_at"]
            if s["uuid"] in used or created < submitted:
                continue
            if created > anchor + window:
                continue
            gap = abs((created - anchor).total_seconds())
            if best is None or (gap, s["uuid"]) < best:
                best = (gap, s["uuid"])
    return best[1] if best else None
