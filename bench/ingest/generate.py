"""Deterministic synthetic posts for the ingest (and coordination) benchmarks.

One seeded stream of posts (:func:`posts`) is written two ways:

* :func:`write_twarc_jsonl` -- X API v2 pages as twarc2 writes them (one page of 100 tweets a
  line, ``includes.users`` and ``includes.tweets``, ``entities.urls`` with the ``t.co`` link and
  its ``expanded_url``, ``entities.mentions``, retweets with ``referenced_tweets`` and the
  truncated ``RT @user: ...`` text, ``lang``, ``created_at``);
* :func:`write_posts_csv` / :func:`write_posts_parquet` -- the canonical ``posts`` table
  (lists as JSON arrays in the CSV).

With ``plant`` set, groups of accounts of a few fixed "networks" post the same link, reshare the
same post, or post near-identical text within seconds, so a coordination detector has something
to find even among 10 million posts. Everything streams in batches: memory does not grow with
the number of rows.

Run ``python bench/ingest/generate.py --rows 1000000 --out DIR`` to write the three files.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

START = datetime(2024, 5, 1, tzinfo=UTC)
BATCH = 20_000
PAGE = 100
FIRST_ID = 1_790_000_000_000_000_000
LANGS = ("en", "en", "en", "fr", "de", "es", "it", "pl", "ru", "und")
COUNTRIES = ("FR", "DE", "ES", "IT", "PL", "BE", "NL", "AT", "")
KINDS = ("co-link", "co-reshare", "near-duplicate")
COLUMNS = (
    "post_id",
    "account_id",
    "created_at",
    "text",
    "platform",
    "account_name",
    "url",
    "links",
    "reshare_of",
    "mentions",
    "lang",
    "country",
)


@dataclass
class Post:
    """One generated post; ``original`` is the retweeted post (for the X pages' includes)."""

    post_id: str
    account: int
    created: datetime
    text: str
    links: list[str]
    mentions: list[str]
    lang: str
    country: str
    original: Post | None = None
    external: bool = False


@dataclass
class Planted:
    """How many coordinated events (and posts in them) were planted, by kind."""

    events: Counter[str] = field(default_factory=Counter)
    posts: Counter[str] = field(default_factory=Counter)


def handle(account: int) -> str:
    return f"user{account}"


def account_id(account: int) -> str:
    return str(1_000_000_000 + account)


def _words(rng: random.Random, count: int) -> list[str]:
    letters = "abcdefghijklmnoprstuvwyz"
    return ["".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(count)]


class _Stream:
    """The state of the post stream: accounts, vocabulary, recent originals, networks."""

    def __init__(self, rows: int, seed: int, plant: bool) -> None:
        self.rng = random.Random(seed)
        self.accounts = max(50, rows // 25)
        self.vocabulary = _words(self.rng, 800)
        self.domains = [f"{w}.{t}" for w in _words(self.rng, 400) for t in ("com", "org", "info")]
        self.recent: list[Post] = []
        self.next_id = FIRST_ID
        self.clock = 0.0
        self.plant = plant
        self.planted = Planted()
        # 20 networks of 12 accounts each, drawn once: they are the coordinated actors.
        self.networks = [self.rng.sample(range(self.accounts), 12) for _ in range(20)]
        self.externals = [self.external() for _ in range(500)]

    def new_id(self) -> str:
        self.next_id += self.rng.randint(1, 5_000)
        return str(self.next_id)

    def text(self) -> str:
        return " ".join(self.rng.choices(self.vocabulary, k=self.rng.randint(5, 16)))

    def link(self) -> str:
        return f"https://{self.rng.choice(self.domains)}/{self.rng.randint(1, 10**6)}"

    def tick(self) -> datetime:
        self.clock += self.rng.expovariate(2.0)  # two posts a second on average
        return START + timedelta(seconds=round(self.clock, 3))

    def post(self, account: int, created: datetime) -> Post:
        rng = self.rng
        mentions = [handle(rng.randrange(self.accounts))] if rng.random() < 0.2 else []
        text = self.text()
        links = [self.link()] if rng.random() < 0.3 else []
        if mentions:
            text = f"@{mentions[0]} {text}"
        lang, country = rng.choice(LANGS), rng.choice(COUNTRIES)
        return Post(self.new_id(), account, created, text, links, mentions, lang, country)

    def retweet(self, account: int, created: datetime, original: Post) -> Post:
        text = f"RT @{handle(original.account)}: {original.text}"[:140]
        lang, country = original.lang, self.rng.choice(COUNTRIES)
        mentions = [handle(original.account)]
        post = Post(self.new_id(), account, created, text, original.links, mentions, lang, country)
        post.original = original
        return post

    def external(self) -> Post:
        """A tweet from before the collection: only ever seen in a page's includes."""
        created = START - timedelta(seconds=self.rng.randint(60, 86_400))
        post = self.post(self.rng.randrange(self.accounts), created)
        post.external = True
        return post

    def organic(self) -> Post:
        account, created = self.rng.randrange(self.accounts), self.tick()
        roll = self.rng.random()
        if roll < 0.2 and self.recent:
            return self.retweet(account, created, self.rng.choice(self.recent))
        if roll < 0.25:
            return self.retweet(account, created, self.rng.choice(self.externals))
        post = self.post(account, created)
        if len(self.recent) < 2_000:
            self.recent.append(post)
        else:
            self.recent[self.rng.randrange(2_000)] = post
        return post

    def event(self) -> list[Post]:
        """A planted coordinated event: 5 to 12 accounts of one network within seconds."""
        rng = self.rng
        network = rng.choice(self.networks)
        actors = rng.sample(network, rng.randint(5, len(network)))
        kind = rng.choice(KINDS)
        shared_link, base = self.link(), self.text()
        original = self.post(rng.randrange(self.accounts), self.tick())
        out: list[Post] = [original] if kind == "co-reshare" else []
        for actor in actors:
            created = self.tick() + timedelta(seconds=rng.uniform(0, 5))
            if kind == "co-reshare":
                out.append(self.retweet(actor, created, original))
                continue
            post = self.post(actor, created)
            if kind == "co-link":
                post.links = [shared_link]
            else:
                post.text = f"{base} {rng.choice(('!', '!!', '.', ''))}".strip()
            out.append(post)
        self.planted.events[kind] += 1
        self.planted.posts[kind] += len(out)
        return out


def posts(
    rows: int, seed: int = 7, plant: bool = True, planted: Planted | None = None
) -> Iterator[Post]:
    """``rows`` posts in time order; what was planted is added to ``planted`` at the end."""
    stream = _Stream(rows, seed, plant)
    made = 0
    while made < rows:
        batch = stream.event() if plant and stream.rng.random() < 0.004 else [stream.organic()]
        for post in batch[: rows - made]:
            made += 1
            yield post
    if planted is not None:
        planted.events.update(stream.planted.events)
        planted.posts.update(stream.planted.posts)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _tco(rng: random.Random) -> str:
    return "https://t.co/" + "".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh0123", k=10))


def tweet(post: Post, rng: random.Random) -> dict[str, object]:
    """``post`` as an X API v2 tweet object."""
    urls = [
        {"url": _tco(rng), "expanded_url": link, "display_url": link[8:]} for link in post.links
    ]
    mentions = [{"username": name, "id": account_id(int(name[4:]))} for name in post.mentions]
    obj: dict[str, object] = {
        "id": post.post_id,
        "edit_history_tweet_ids": [post.post_id],
        "author_id": account_id(post.account),
        "created_at": iso(post.created),
        "lang": post.lang,
        "text": post.text + "".join(f" {u['url']}" for u in urls),
        "entities": {"urls": urls, "mentions": mentions},
    }
    if post.original is not None:
        obj["referenced_tweets"] = [{"type": "retweeted", "id": post.original.post_id}]
    return obj


def _page(batch: list[Post], rng: random.Random) -> dict[str, object]:
    originals = {p.original.post_id: p.original for p in batch if p.original is not None}
    authors = {p.account for p in batch} | {o.account for o in originals.values()}
    users = [{"id": account_id(a), "name": f"User {a}", "username": handle(a)} for a in authors]
    return {
        "data": [tweet(p, rng) for p in batch],
        "includes": {"users": users, "tweets": [tweet(o, rng) for o in originals.values()]},
        "meta": {"result_count": len(batch), "newest_id": batch[-1].post_id},
        "__twarc": {"url": "https://api.x.com/2/tweets/search/all", "version": "2.14.0"},
    }


def write_twarc_jsonl(path: Path, rows: int, seed: int = 7, plant: bool = True) -> Planted:
    """Write ``rows`` tweets as twarc2 JSON Lines (pages of 100); return what was planted."""
    rng = random.Random(seed + 1)
    planted = Planted()
    batch: list[Post] = []
    with path.open("w", encoding="utf-8") as out:
        for post in posts(rows, seed, plant, planted):
            batch.append(post)
            if len(batch) == PAGE:
                out.write(json.dumps(_page(batch, rng), ensure_ascii=False) + "\n")
                batch = []
        if batch:
            out.write(json.dumps(_page(batch, rng), ensure_ascii=False) + "\n")
    return planted


def _columns(batch: list[Post]) -> dict[str, list[str]]:
    return {
        "post_id": [p.post_id for p in batch],
        "account_id": [account_id(p.account) for p in batch],
        "created_at": [iso(p.created) for p in batch],
        "text": [p.text for p in batch],
        "platform": ["x"] * len(batch),
        "account_name": [handle(p.account) for p in batch],
        "url": [f"https://x.com/{handle(p.account)}/status/{p.post_id}" for p in batch],
        "links": [json.dumps(p.links) for p in batch],
        "reshare_of": ["" if p.original is None else p.original.post_id for p in batch],
        "mentions": [json.dumps(p.mentions) for p in batch],
        "lang": [p.lang for p in batch],
        "country": [p.country for p in batch],
    }


def _batches(rows: int, seed: int, plant: bool, planted: Planted) -> Iterator[pa.RecordBatch]:
    batch: list[Post] = []
    for post in posts(rows, seed, plant, planted):
        batch.append(post)
        if len(batch) == BATCH:
            yield pa.RecordBatch.from_pydict(_columns(batch))
            batch = []
    if batch:
        yield pa.RecordBatch.from_pydict(_columns(batch))


def write_posts_csv(path: Path, rows: int, seed: int = 7, plant: bool = True) -> Planted:
    """Write ``rows`` canonical posts as CSV (lists as JSON arrays); return what was planted."""
    planted = Planted()
    schema = pa.schema([(name, pa.string()) for name in COLUMNS])
    with pacsv.CSVWriter(path, schema) as writer:
        for batch in _batches(rows, seed, plant, planted):
            writer.write_batch(batch)
    return planted


def write_posts_parquet(path: Path, rows: int, seed: int = 7, plant: bool = True) -> Planted:
    """The same posts as :func:`write_posts_csv`, written straight to Parquet (strings)."""
    planted = Planted()
    schema = pa.schema([(name, pa.string()) for name in COLUMNS])
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in _batches(rows, seed, plant, planted):
            writer.write_batch(batch)
    return planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("bench/ingest/data"))
    parser.add_argument("--no-plant", action="store_true", help="no coordinated behaviour")
    parser.add_argument("--parquet", action="store_true", help="also write posts.parquet")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    plant = not args.no_plant
    jobs = [("tweets.jsonl", write_twarc_jsonl), ("posts.csv", write_posts_csv)]
    if args.parquet:
        jobs.append(("posts.parquet", write_posts_parquet))
    for name, write in jobs:
        began = time.perf_counter()
        planted = write(args.out / name, args.rows, args.seed, plant)
        seconds = time.perf_counter() - began
        print(f"{name}: {args.rows:,} rows in {seconds:.1f}s; planted {dict(planted.events)}")


if __name__ == "__main__":
    main()
