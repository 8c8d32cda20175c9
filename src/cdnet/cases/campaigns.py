"""A saved coordination finding seen as a campaign: its accounts, what they shared, and when.

The ``coordination`` detector (docs/detectors/coordination.md) stores one network per finding:
``account_ids``, ``post_ids``, the ``object`` most of them shared, ``first_seen`` and
``last_seen``. The campaign view needs more than that: which account shared which object, when
each post was made, and what the posts said. Those come from the finding's dataset, read with
DuckDB straight from its Parquet (only the cluster's posts, at most :data:`MAX_POSTS`). When the
dataset is gone (deleted, files missing) or the finding was not saved from one, the campaign
falls back to the payload: every account linked to the one ``object``, and no posts.

What counts as an account's *objects*, per kind:

- ``co-link``: the links of its posts, cleaned as the detector cleans them, keeping those that
  at least two of the network's accounts shared (a post's other links are noise), and always
  the finding's own ``object``;
- ``co-reshare``: the original post its posts reshared (``reshare_of``);
- ``near-duplicate``: the finding's representative text (every post in the cluster is a near
  copy of it; the sample posts show how the copies differ).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb
from django.contrib.auth.models import User

from cdnet.analysis.detectors.coordination_network import clean_url
from cdnet.cases import casework
from cdnet.cases.datasets import tables_of
from cdnet.cases.models import Case, Finding
from cdnet.errors import BadInput, NotFound

DETECTOR = "coordination"
#: The most posts read from a dataset for one campaign (the earliest ones).
MAX_POSTS = 5000
_COLUMNS = ("post_id", "account_id", "account_name", "created_at", "text", "url", "links")
_OPTIONAL = ("reshare_of",)


@dataclass(frozen=True)
class CampaignPost:
    """One post of the campaign, as the dataset has it, with the objects it shared."""

    post_id: str
    account_id: str
    account_name: str
    created_at: dt.datetime | None
    text: str
    url: str
    links: tuple[str, ...]
    objects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Campaign:
    """A coordination finding with its posts (when its dataset can be read)."""

    finding: Finding
    kind: str
    object: str
    account_ids: tuple[str, ...]
    post_count: int
    posts: tuple[CampaignPost, ...] = ()
    #: (account id, object) -> how many of the account's posts shared it
    edges: Mapping[tuple[str, str], int] = field(default_factory=dict)
    #: Why the dataset's posts are not shown (empty when they are).
    unavailable: str = ""

    @property
    def from_dataset(self) -> bool:
        return not self.unavailable

    @property
    def objects(self) -> list[str]:
        """The shared objects, the one shared by most accounts first."""
        accounts: Counter[str] = Counter(obj for _, obj in self.edges)
        return sorted(accounts, key=lambda obj: (-accounts[obj], obj != self.object, obj))

    @property
    def accounts(self) -> list[str]:
        """The accounts in the order they first posted (payload order for the rest)."""
        first: dict[str, int] = {}
        for index, post in enumerate(self.posts):
            first.setdefault(post.account_id, index)
        known = set(self.account_ids)
        extra = [a for a in first if a not in known]
        ordered = [*self.account_ids, *extra]
        return sorted(ordered, key=lambda a: first.get(a, len(self.posts)))


def is_campaign(finding: Finding) -> bool:
    return finding.detector == DETECTOR


def _strings(value: Any) -> tuple[str, ...]:
    """A payload list as strings; anything else as nothing (payloads may be hand-made)."""
    if not isinstance(value, list):
        return ()
    return tuple(str(v) for v in value if v not in (None, ""))


def load_campaign(finding: Finding) -> Campaign:
    """The campaign of a coordination finding, with its posts when its dataset is readable."""
    if not is_campaign(finding):
        raise BadInput(f"finding {finding.pk} is not a coordination finding", field="detector")
    payload: Mapping[str, Any] = finding.payload if isinstance(finding.payload, dict) else {}
    kind, obj = str(payload.get("kind") or ""), str(payload.get("object") or finding.subject)
    accounts, post_ids = _strings(payload.get("account_ids")), _strings(payload.get("post_ids"))
    base = Campaign(finding, kind, obj, accounts, len(post_ids))
    posts, unavailable = _dataset_posts(finding, post_ids)
    if unavailable:
        fallback = {(account, obj): 1 for account in accounts}
        return replace(base, edges=fallback, unavailable=unavailable)
    shared = _with_objects(kind, obj, posts)
    edges: Counter[tuple[str, str]] = Counter(
        (post.account_id, o) for post in shared for o in post.objects
    )
    return replace(base, posts=tuple(shared), edges=dict(edges))


def _dataset_posts(finding: Finding, post_ids: Sequence[str]) -> tuple[list[CampaignPost], str]:
    """The cluster's posts from the finding's dataset, or why they cannot be read."""
    dataset = finding.dataset
    if dataset is None:
        return [], "this finding was not saved from a dataset"
    try:
        tables = tables_of(dataset)
    except NotFound as exc:
        return [], str(exc)
    if "posts" not in tables:
        return [], f"dataset {dataset.pk} has no posts table"
    if not post_ids:
        return [], "the finding names no posts"
    try:
        posts = read_posts(tables["posts"], post_ids)
    except duckdb.Error as exc:
        return [], f"the posts of dataset {dataset.pk} cannot be read ({exc})"
    if not posts:
        return [], f"none of the finding's posts is in dataset {dataset.pk}"
    return posts, ""


def _connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that never downloads extensions and reports times in UTC."""
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False})
    con.execute("SET TimeZone = 'UTC'")
    return con


def read_posts(path: Path, post_ids: Sequence[str], limit: int = MAX_POSTS) -> list[CampaignPost]:
    """The posts among ``post_ids`` in a posts Parquet file, earliest first, at most ``limit``.

    DuckDB filters the file itself (a semi-join on the ids), so only the cluster's posts reach
    Python. Columns the file lacks read as empty.
    """
    with _connect() as con:
        present = {
            str(row[0])
            for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        }
        wanted = [*_COLUMNS, *_OPTIONAL]
        selects = [f'"{c}"' if c in present else f'NULL AS "{c}"' for c in wanted]
        sql = (
            f"SELECT {', '.join(selects)} FROM read_parquet(?) "  # noqa: S608 - fixed names
            "WHERE post_id IN (SELECT unnest(?::VARCHAR[])) "
            f"ORDER BY created_at NULLS LAST, post_id LIMIT {int(limit)}"
        )
        rows = con.execute(sql, [str(path), list(post_ids)]).fetchall()
    return [_post(dict(zip(wanted, row, strict=True))) for row in rows]


def _utc(value: Any) -> dt.datetime | None:
    if not isinstance(value, dt.datetime):
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _post(row: Mapping[str, Any]) -> CampaignPost:
    links = row["links"] if isinstance(row["links"], list) else []
    post = CampaignPost(
        post_id=str(row["post_id"]),
        account_id=str(row["account_id"] or ""),
        account_name=str(row["account_name"] or ""),
        created_at=_utc(row["created_at"]),
        text=str(row["text"] or ""),
        url=str(row["url"] or ""),
        links=tuple(str(link) for link in links if link),
    )
    reshare = str(row["reshare_of"] or "")
    return replace(post, objects=(reshare,) if reshare else ())


def _with_objects(kind: str, obj: str, posts: Iterable[CampaignPost]) -> list[CampaignPost]:
    """The posts with the objects they shared, as the module docstring describes per kind."""
    posts = list(posts)
    if kind == "co-reshare":
        return posts
    if kind != "co-link":
        return [replace(post, objects=(obj,)) for post in posts]
    cleaned = {post.post_id: _cleaned_links(post) for post in posts}
    sharers: defaultdict[str, set[str]] = defaultdict(set)
    for post in posts:
        for link in cleaned[post.post_id]:
            sharers[link].add(post.account_id)
    kept = {link for link, accounts in sharers.items() if len(accounts) >= 2} | {obj}
    return [
        replace(post, objects=tuple(x for x in cleaned[post.post_id] if x in kept))
        for post in posts
    ]


def _cleaned_links(post: CampaignPost) -> tuple[str, ...]:
    """The post's links as the detector compares them, each once, in order."""
    cleaned = (clean_url(link) for link in post.links)
    return tuple(dict.fromkeys(link for link in cleaned if link))


def samples(campaign: Campaign, limit: int = 6) -> list[CampaignPost]:
    """Up to ``limit`` posts to read side by side: each account's first post, then the next."""
    firsts: list[int] = []
    seen: set[str] = set()
    for index, post in enumerate(campaign.posts):
        if post.account_id not in seen:
            seen.add(post.account_id)
            firsts.append(index)
    taken = set(firsts)
    rest = [i for i in range(len(campaign.posts)) if i not in taken]
    return [campaign.posts[i] for i in sorted((firsts + rest)[:limit])]


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def campaign_title(finding: Finding) -> str:
    """``Co-link campaign: https://example.org/a`` — the kind and the shared object."""
    payload = finding.payload if isinstance(finding.payload, dict) else {}
    kind = str(payload.get("kind") or "coordination").capitalize()
    obj = str(payload.get("object") or finding.subject)
    return _one_line(f"{kind} campaign: {obj}", 300)


def _description(finding: Finding) -> str:
    payload = finding.payload if isinstance(finding.payload, dict) else {}
    accounts = len(_strings(payload.get("account_ids")))
    posts = len(_strings(payload.get("post_ids")))
    return (
        f"Opened from the campaign view of finding {finding.pk} "
        f"(cluster {payload.get('cluster_id') or finding.subject}).\n\n"
        f"{finding.explanation}\n\n"
        f"- accounts: {accounts}\n- posts: {posts}\n"
    )


def open_case_from_campaign(user: User, finding: Finding) -> Case:
    """Open a case with this campaign's finding attached, at the finding's TLP.

    The case takes the finding's TLP so that it is never more widely readable than the material
    it holds. Who may do it, and the audit entry, are those of :func:`casework.open_case`.
    """
    if not is_campaign(finding):
        raise BadInput(f"finding {finding.pk} is not a coordination finding", field="detector")
    return casework.open_case(
        user, campaign_title(finding), _description(finding), finding.tlp, [finding]
    )
