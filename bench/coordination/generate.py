"""Deterministic posts with planted coordination, decoys and the ground truth, for three tools.

One seeded stream (:func:`generate`) gives about ``rows`` posts, two a second on average:

* **organic background** -- random accounts posting random text (a shared 2,000-word
  vocabulary), 30 % with a link of their own, 15 % reshares of a recent post;
* **co-link campaigns** -- groups of 4 to 8 accounts that each post the same URL within 20
  seconds of each other, for 3 to 6 URLs, each burst at a random moment;
* **near-duplicate campaigns** -- groups of 4 to 8 accounts that each post a variant of the same
  message within 30 seconds (a word replaced, two words swapped, punctuation, an emoji, case),
  for 3 messages;
* **decoys** -- two viral URLs shared by hundreds of unrelated accounts at random times over
  about an hour (400 and 700 accounts: one under cdnet's 500-account cap, one over; a tenth
  of them share it twice), one account repeating the same text and link 150 times, and short generic
  replies ("Thank you!", "Agreed", "So true", ...) by many accounts.

Written for each tool (see :func:`write`): the canonical ``posts.parquet`` (cdnet), the QUT
toolkit's CSV (``message_id,user_id,username,repost_id,reply_id,message,timestamp,urls``, URLs
space-separated, timestamp in epoch seconds), ``d3lta.csv`` (the rows of d3lta's DataFrame:
``post_id,account_id,language,original``, reshares left out as the other two tools do) and
``truth.json``. Campaign accounts also post background posts, like real ones.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from cdnet.analysis.schema import ALL_TABLES

POSTS = ALL_TABLES["posts"]
START = datetime(2024, 5, 1, tzinfo=UTC)
GENERIC = ("Thank you!", "Agreed", "So true", "Thanks!!", "Exactly.", "This 👏", "Well said")
EMOJI = ("🔥", "👏", "🇪🇺", "😡", "‼️", "👉")
PUNCTUATION = ("", "!", "!!", ".", "?", " ...", "!!!")
LANGS = ("en", "en", "en", "fr", "de", "es")
#: The canonical posts columns written (cdnet reads such a file in place, without ingesting it).
COLUMNS = ("post_id", "account_id", "created_at", "text", "platform", "links", "reshare_of")
SCHEMA = pa.schema([POSTS.schema.field(name) for name in (*COLUMNS, "lang")])
QUT_HEADER = ("message_id", "user_id", "username", "repost_id", "reply_id", "message")


@dataclass
class Post:
    """One generated post; ``t`` is seconds after :data:`START`."""

    t: float
    account: str
    text: str
    links: list[str] = field(default_factory=list)
    reshare_of: str | None = None
    reply_to: str | None = None
    lang: str = "en"
    post_id: str = ""


@dataclass
class Truth:
    """What was planted: campaign groups (accounts, posts) and the decoys."""

    colink: list[dict[str, Any]] = field(default_factory=list)
    text: list[dict[str, Any]] = field(default_factory=list)
    decoys: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"colink": self.colink, "near_duplicate": self.text, "decoys": self.decoys}


class _Maker:
    """The state of the generator: random source, accounts, vocabulary, the posts so far."""

    def __init__(self, rows: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rows = rows
        self.span = rows / 2.0  # seconds: two posts a second
        # at least 2,000 accounts, so that a small data set still has hundreds to go viral among
        self.accounts = [f"a{n:06d}" for n in range(max(2000, rows // 20))]
        letters = "abcdefghijklmnoprstuvwyz"
        rng = self.rng
        self.words = ["".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(2000)]
        self.posts: list[Post] = []
        self.truth = Truth()

    def sentence(self, low: int, high: int) -> str:
        return " ".join(self.rng.choices(self.words, k=self.rng.randint(low, high)))

    def own_link(self) -> str:
        host = self.rng.choice(self.words)
        return f"https://{host}.example/{self.rng.randrange(10**9)}"

    def moment(self) -> float:
        return self.rng.uniform(0, self.span)

    def add(self, post: Post) -> Post:
        self.posts.append(post)
        return post


def _campaign_accounts(maker: _Maker, groups: int) -> list[list[str]]:
    """Disjoint groups of 4 to 8 accounts (drawn once, so the decoys can avoid them)."""
    pool = maker.rng.sample(maker.accounts, min(len(maker.accounts) // 2, groups * 8))
    out, at = [], 0
    for _ in range(groups):
        size = maker.rng.randint(4, 8)
        out.append(pool[at : at + size])
        at += size
    return out


def _plant_colink(maker: _Maker, members: list[str], number: int) -> None:
    rng, posts = maker.rng, []
    urls = [f"https://campaign{number}.example/story/{k}" for k in range(rng.randint(3, 6))]
    for url in urls:
        burst = maker.moment()
        for account in members:
            text = maker.sentence(4, 12)
            posts.append(maker.add(Post(burst + rng.uniform(0, 20), account, text, [url])))
    maker.truth.colink.append({"accounts": sorted(members), "posts": posts, "urls": urls})


def variant(rng: random.Random, words: list[str], message: str) -> str:
    """A near-identical copy: maybe a word replaced, two words swapped, case, punctuation,
    an emoji -- what a person or a script does to dodge exact-match filters."""
    tokens = message.split()
    if rng.random() < 0.5:
        tokens[rng.randrange(len(tokens))] = rng.choice(words)
    if rng.random() < 0.5:
        at = rng.randrange(len(tokens) - 1)
        tokens[at], tokens[at + 1] = tokens[at + 1], tokens[at]
    text = " ".join(tokens)
    roll = rng.random()
    if roll < 0.2:
        text = text.upper()
    elif roll < 0.5:
        text = text.capitalize()
    text += rng.choice(PUNCTUATION)
    if rng.random() < 0.5:
        text += " " + rng.choice(EMOJI)
    return text


def _plant_text(maker: _Maker, members: list[str]) -> None:
    rng, messages = maker.rng, []
    for _ in range(3):
        message, burst, posts = maker.sentence(14, 24), maker.moment(), []
        for account in members:
            text = variant(rng, maker.words, message)
            posts.append(maker.add(Post(burst + rng.uniform(0, 30), account, text)))
        messages.append(posts)
    maker.truth.text.append({"accounts": sorted(members), "messages": messages})


def _plant_decoys(maker: _Maker, avoid: set[str]) -> None:
    rng = maker.rng
    others = [a for a in maker.accounts if a not in avoid]
    viral: dict[str, list[str]] = {}
    for number, audience in enumerate((400, 700)):
        url, start = f"https://viral{number}.example/video", maker.moment()
        sharers = rng.sample(others, min(audience, len(others)))
        spread = min(3600.0, maker.span / 8)  # an hour, or less on a small data set
        for account in sharers:
            for _ in range(2 if rng.random() < 0.1 else 1):
                at = (start + rng.expovariate(1 / spread)) % maker.span
                maker.add(Post(at, account, maker.sentence(3, 10), [url]))
        viral[url] = sorted(sharers)
    repeater = rng.choice(others)
    spam, link, at = maker.sentence(12, 18), maker.own_link(), maker.moment()
    repeated = []
    for _ in range(150):
        at += rng.uniform(5, 90)
        repeated.append(maker.add(Post(at % maker.span, repeater, spam, [link])))
    maker.truth.decoys = {"viral": viral, "repeater": repeater, "repeated": repeated}


def _background(maker: _Maker, count: int) -> None:
    rng, recent = maker.rng, list[Post]()
    for _ in range(count):
        account, at, roll = rng.choice(maker.accounts), maker.moment(), rng.random()
        if roll < 0.18 and recent:
            original = rng.choice(recent)
            at = min(original.t + rng.expovariate(1 / 600), maker.span)
            if roll < 0.15:
                text, links = original.text, list(original.links)
                maker.add(Post(at, account, text, links, reshare_of=original.post_id))
            else:
                maker.add(Post(at, account, rng.choice(GENERIC), reply_to=original.post_id))
            continue
        links = [maker.own_link()] if rng.random() < 0.3 else []
        post = maker.add(Post(at, account, maker.sentence(5, 16), links, lang=rng.choice(LANGS)))
        post.post_id = f"o{len(maker.posts)}"  # referable by reshares before final numbering
        recent.append(post)
        if len(recent) > 2000:
            recent.pop(rng.randrange(len(recent)))


def generate(rows: int, seed: int = 11) -> tuple[list[Post], Truth]:
    """About ``rows`` posts in time order (ids ``p...`` by time) and what was planted."""
    maker = _Maker(rows, seed)
    groups = max(2, rows // 10_000)
    drawn = _campaign_accounts(maker, 2 * groups)
    colink_groups, text_groups = drawn[:groups], drawn[groups:]
    for number, members in enumerate(colink_groups):
        _plant_colink(maker, members, number)
    for members in text_groups:
        _plant_text(maker, members)
    campaigners = {a for group in colink_groups + text_groups for a in group}
    _plant_decoys(maker, campaigners)
    _background(maker, max(0, rows - len(maker.posts)))
    _number(maker.posts)
    return maker.posts, maker.truth


def _number(posts: list[Post]) -> None:
    """Sort by time and give final ids; reshares and replies follow their original's new id."""
    posts.sort(key=lambda p: p.t)
    renamed: dict[str, str] = {}
    for n, post in enumerate(posts):
        new = f"p{n:08d}"
        if post.post_id:
            renamed[post.post_id] = new
        post.post_id = new
    for post in posts:
        if post.reshare_of:
            post.reshare_of = renamed[post.reshare_of]
        if post.reply_to:
            post.reply_to = renamed[post.reply_to]


def _batches(posts: list[Post], size: int = 50_000) -> Iterator[pa.RecordBatch]:
    for at in range(0, len(posts), size):
        chunk = posts[at : at + size]
        columns = {
            "post_id": [p.post_id for p in chunk],
            "account_id": [p.account for p in chunk],
            "created_at": [START + timedelta(milliseconds=round(p.t * 1000)) for p in chunk],
            "text": [p.text for p in chunk],
            "platform": ["x"] * len(chunk),
            "links": [p.links for p in chunk],
            "reshare_of": [p.reshare_of for p in chunk],
            "lang": [p.lang for p in chunk],
        }
        yield pa.RecordBatch.from_pydict(columns, schema=SCHEMA)


def write_qut_csv(posts: list[Post], path: Path) -> None:
    """The QUT toolkit's CSV: columns in its fixed order, URLs space-separated, epoch seconds."""
    epoch = START.timestamp()
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow((*QUT_HEADER, "timestamp", "urls"))
        for p in posts:
            stamp = f"{epoch + round(p.t * 1000) / 1000:.3f}"
            row = (p.post_id, p.account, p.account, p.reshare_of or "", p.reply_to or "", p.text)
            writer.writerow((*row, stamp, " ".join(p.links)))


def write_d3lta_csv(posts: list[Post], path: Path) -> None:
    """d3lta's input rows: posts that are not reshares, with ``original`` text and ``language``."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(("post_id", "account_id", "language", "original"))
        for p in posts:
            if p.reshare_of is None:
                writer.writerow((p.post_id, p.account, p.lang, p.text))


def truth_json(posts: list[Post], truth: Truth) -> dict[str, Any]:
    """Ground truth with post ids (the planted groups hold :class:`Post` objects until now)."""
    colink = [
        {"accounts": g["accounts"], "urls": g["urls"], "post_ids": [p.post_id for p in g["posts"]]}
        for g in truth.colink
    ]
    text = [
        {"accounts": g["accounts"], "messages": [[p.post_id for p in m] for m in g["messages"]]}
        for g in truth.text
    ]
    generic = [p.post_id for p in posts if p.text in GENERIC]
    decoys = {k: v for k, v in truth.decoys.items() if k != "repeated"}
    decoys["repeater_posts"] = [p.post_id for p in truth.decoys["repeated"]]
    decoys["generic_reply_posts"] = generic
    return {"colink": colink, "near_duplicate": text, "decoys": decoys, "posts": len(posts)}


def write(folder: Path, rows: int, seed: int = 11) -> dict[str, Any]:
    """Write ``posts.parquet``, ``qut.csv`` and ``truth.json`` to ``folder``; return the truth."""
    folder.mkdir(parents=True, exist_ok=True)
    posts, truth = generate(rows, seed)
    with pq.ParquetWriter(folder / "posts.parquet", SCHEMA, compression="zstd") as writer:
        for batch in _batches(posts):
            writer.write_batch(batch)
    write_qut_csv(posts, folder / "qut.csv")
    write_d3lta_csv(posts, folder / "d3lta.csv")
    found = truth_json(posts, truth)
    (folder / "truth.json").write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, default=Path("bench/coordination/work/data"))
    args = parser.parse_args()
    found = write(args.out, args.rows, args.seed)
    summary = {"posts": found["posts"], "colink": len(found["colink"])}
    print(json.dumps({**summary, "near_duplicate": len(found["near_duplicate"])}))


if __name__ == "__main__":
    main()
