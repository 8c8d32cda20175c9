"""Where things go in the campaign view's two SVG drawings: the account-object graph and the
timeline. Plain geometry; the template draws it (so every label is escaped by Django).

The graph is bipartite: accounts in a column on the left, the objects they shared in a column
on the right, a line for each (account, object) pair, thicker for more posts. The timeline has
one row per account and one mark per post, placed by time between the campaign's first and
last post. Both are capped (:data:`MAX_ACCOUNTS`, :data:`MAX_OBJECTS`, :data:`MAX_MARKS`) so a
large network still draws in a page; what is left out is counted ("and 40 more").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cdnet.cases.campaigns import Campaign, CampaignPost

MAX_ACCOUNTS = 60
MAX_OBJECTS = 30
MAX_MARKS = 2000
WIDTH = 900
ROW = 22
TOP = 24
ACCOUNT_X = 190.0
OBJECT_X = 520.0
PLOT_LEFT, PLOT_RIGHT = 190.0, 840.0
TIME_ROW = 18


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    x: float
    y: float


@dataclass(frozen=True)
class Edge:
    account: str
    object: str
    posts: int
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def width(self) -> float:
        return 1.0 + min(self.posts, 6) * 0.5


@dataclass(frozen=True)
class Graph:
    width: int
    height: int
    accounts: list[Node]
    objects: list[Node]
    edges: list[Edge]
    more_accounts: int
    more_objects: int
    more_y: float
    account_x: float = ACCOUNT_X
    object_x: float = OBJECT_X


@dataclass(frozen=True)
class Mark:
    post_id: str
    account: str
    when: str
    x: float
    y: float


@dataclass(frozen=True)
class Row:
    label: str
    y: float


@dataclass(frozen=True)
class Tick:
    label: str
    x: float


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    rows: list[Row]
    marks: list[Mark]
    ticks: list[Tick]
    axis_y: float
    total: int
    left: float = PLOT_LEFT
    right: float = PLOT_RIGHT


def short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _column(keys: list[str], rows: int, limit: int) -> list[Node]:
    """Nodes for ``keys``, centred vertically against a column of ``rows`` rows."""
    offset = (rows - len(keys)) * ROW / 2
    return [
        Node(key, short(key, limit), 0.0, TOP + offset + index * ROW)
        for index, key in enumerate(keys)
    ]


def graph(campaign: Campaign) -> Graph:
    """The bipartite account-object drawing of a campaign."""
    accounts, objects = campaign.accounts, campaign.objects
    shown_accounts, shown_objects = accounts[:MAX_ACCOUNTS], objects[:MAX_OBJECTS]
    rows = max(len(shown_accounts), len(shown_objects), 1)
    left = [Node(n.key, n.label, ACCOUNT_X, n.y) for n in _column(shown_accounts, rows, 26)]
    right = [Node(n.key, n.label, OBJECT_X, n.y) for n in _column(shown_objects, rows, 56)]
    where_a = {n.key: n for n in left}
    where_o = {n.key: n for n in right}
    edges = [
        Edge(account, obj, posts, ACCOUNT_X, where_a[account].y, OBJECT_X, where_o[obj].y)
        for (account, obj), posts in sorted(campaign.edges.items())
        if account in where_a and obj in where_o
    ]
    more_accounts = len(accounts) - len(shown_accounts)
    more_objects = len(objects) - len(shown_objects)
    more_y = TOP + rows * ROW
    return Graph(
        width=WIDTH,
        height=int(more_y + (ROW if more_accounts or more_objects else 0)),
        accounts=left,
        objects=right,
        edges=edges,
        more_accounts=more_accounts,
        more_objects=more_objects,
        more_y=more_y,
    )


def _span(campaign: Campaign, posts: list[CampaignPost]) -> tuple[dt.datetime, dt.datetime]:
    """From the first to the last post (or the finding's first and last seen, if wider)."""
    times = [p.created_at for p in posts if p.created_at is not None]
    finding = campaign.finding
    for bound in (finding.first_seen, finding.last_seen):
        if bound is not None:
            times.append(bound)
    return min(times), max(times)


def _x(when: dt.datetime, start: dt.datetime, seconds: float) -> float:
    if seconds <= 0:
        return (PLOT_LEFT + PLOT_RIGHT) / 2
    share = (when - start).total_seconds() / seconds
    return round(PLOT_LEFT + share * (PLOT_RIGHT - PLOT_LEFT), 1)


def _ticks(start: dt.datetime, end: dt.datetime) -> list[Tick]:
    """Five labelled moments along the axis (one, in the middle, when all posts share a time)."""
    seconds = (end - start).total_seconds()
    pattern = "%Y-%m-%d %H:%M:%S" if seconds < 3600 else "%Y-%m-%d %H:%M"
    moments = [start + (end - start) * i / 4 for i in range(5)] if seconds > 0 else [start]
    return [Tick(m.strftime(pattern), _x(m, start, seconds)) for m in moments]


def timeline(campaign: Campaign) -> Timeline | None:
    """Posts over time, one row per account; ``None`` without posts (no dataset)."""
    posts = [p for p in campaign.posts if p.created_at is not None][:MAX_MARKS]
    if not posts:
        return None
    start, end = _span(campaign, posts)
    seconds = (end - start).total_seconds()
    accounts = campaign.accounts
    shown = accounts[:MAX_ACCOUNTS]
    rows = [Row(short(a, 26), TOP + i * TIME_ROW) for i, a in enumerate(shown)]
    others_y = TOP + len(shown) * TIME_ROW
    if len(accounts) > len(shown):
        rows.append(Row(f"{len(accounts) - len(shown)} more accounts", others_y))
    row_of = {a: TOP + i * TIME_ROW for i, a in enumerate(shown)}
    marks = [
        Mark(
            p.post_id,
            p.account_id,
            p.created_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
            _x(p.created_at, start, seconds),
            row_of.get(p.account_id, others_y),
        )
        for p in posts
        if p.created_at is not None
    ]
    axis_y = rows[-1].y + TIME_ROW
    return Timeline(WIDTH, int(axis_y + 30), rows, marks, _ticks(start, end), axis_y, len(posts))
