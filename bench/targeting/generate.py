"""Write the held-out evaluation set of the `targeted-organisations` detector.

    .venv/bin/python bench/targeting/generate.py [--out bench/targeting]

Writes ``posts.csv`` (posts table plus a ``split`` column), ``emails/`` (``.eml`` files and one
``.mbox``) and ``truth.json``. Everything is fictional (accounts and senders on ``.example``)
except the organisations, which are those of the shipped registry. The set was written from
FORMATS.md, the detector's docs page and the registry only, before the detector's code was read.

Truth is what an analyst would say: a post targets an organisation when it tags one of its
accounts (an @mention in the text, an entry of the ``mentions`` column, or a link to the account's
profile on the post's platform); an e-mail targets it when one of its addresses is among To, Cc
or Bcc. Naming an outlet in running text, linking one of its articles, writing its address in a
body, or writing from it does not target it. ``split`` is ``final`` for a random 25% of posts and
messages (seed ``SPLIT_SEED``), drawn before the detector was read; the rest is ``dev``.
"""

from __future__ import annotations

import argparse
import csv
import json
import mailbox
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from accounts import BSKY, FB, GAP, STRANGERS, X
from email_set import emails

HERE = Path(__file__).parent
SEED = 8
SPLIT_SEED = 20261129
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

EMOJI = ["🔥", "‼️", "👀", "😡", "🙏", "❗", "🇫🇷", "🇩🇪", "⚠️", "", ""]


@dataclass
class Item:
    """One post or message and what it truly targets."""

    item_id: str
    sender: str
    targets: set[str] = field(default_factory=set)
    strangers: set[str] = field(default_factory=set)
    kind: str = ""


@dataclass
class World:
    rng: random.Random
    posts: list[dict[str, str]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    clusters: dict[str, list[str]] = field(default_factory=dict)
    emails: list[tuple[str, EmailMessage]] = field(default_factory=list)

    def when(self, day: int) -> datetime:
        return START + timedelta(days=day, minutes=self.rng.randint(0, 1400))

    def post(self, platform: str, account: str, text: str, day: int, **extra: str) -> str:
        post_id = f"p{len(self.posts) + 1:04d}"
        row = {"post_id": post_id, "account_id": account, "platform": platform, "text": text}
        row["created_at"] = self.when(day).isoformat().replace("+00:00", "Z")
        row.update({"mentions": "", "reshare_of": "", "url": "", "links": ""} | extra)
        self.posts.append(row)
        return post_id


def tag(rng: random.Random, platform: str, handle: str) -> tuple[str, str]:
    """A tag as written in the text and as the mentions cell may list it (either can be empty)."""
    if platform == "bluesky":
        form = rng.choice(["@{}", "@{}", "@{} ", "(@{})", "@{}."])
        return form.format(handle), rng.choice(["", handle, "@" + handle])
    styles = ["@{}", "@{}", "@{}:", "@{},", "(@{})", "@{}!", "{lower}", "{url}", "{twurl}"]
    style = rng.choice(styles)
    base = {"x": "https://x.com/", "facebook": "https://www.facebook.com/"}.get(platform, "")
    text = style.format(
        handle,
        lower="@" + rng.choice([handle.lower(), handle.upper(), handle.swapcase()]),
        url=f"{base}{handle}",
        twurl=f"https://twitter.com/{handle}" if platform == "x" else f"{base}{handle}",
    )
    return text, rng.choice(["", "", handle, "@" + handle.lower()])


def tagged_text(world: World, platform: str, body: str, handles: list[str]) -> tuple[str, str]:
    """Text with tags woven in front, behind or on their own line, and the mentions cell."""
    rng = world.rng
    written, cells = [], []
    only_cell = rng.random() < 0.15  # an export that lists the mentions but strips them
    for handle in handles:
        text, cell = tag(rng, platform, handle)
        written.append(text)
        cells.append(cell or ("@" + handle if only_cell else ""))
    tags = " ".join(written) if not only_cell else ""
    layout = rng.choice(["{b} {t}", "{t} {b}", "{b}\n\n{t}", "{b}\ncc {t}"])
    cell = json.dumps([c for c in cells if c]) if any(cells) else ""
    return layout.format(b=body, t=tags).strip(), cell


WAVES = [
    # (cluster, platform(s), posts, accounts, org list size range, text clauses)
    (
        "wave-ballots",
        ("x",),
        80,
        24,
        (20, 40),
        [
            "URGENT: a video shows officials in Lyon burning postal ballots",
            "is this real?",
            "Please verify before the election!",
        ],
    ),
    (
        "wave-bedbugs",
        ("bluesky",),
        40,
        12,
        (5, 15),
        [
            "A poster says the athletes' village is infested with bedbugs",
            "the organisers are hiding it",
            "can you check this?",
        ],
    ),
    (
        "wave-cars",
        ("x", "facebook"),
        50,
        15,
        (5, 10),
        [
            "Refugees are reselling the cars donated to them in Bavaria",
            "journalists, is it true?",
            "We deserve to know",
        ],
    ),
    (
        "wave-vaccine",
        ("x",),
        35,
        10,
        (10, 10),
        ["Leaked memo: pharmacies will stop selling flu vaccines in May", "please confirm"],
    ),
    (
        "wave-metro",
        ("x",),
        30,
        9,
        (10, 10),
        ["Graffiti at the Berlin metro praises the new government", "is the photo authentic?"],
    ),
]


def platform_handles(platform: str) -> dict[str, str]:
    if platform == "bluesky":
        return dict(BSKY)
    if platform == "facebook":
        return dict(FB)
    return {org: handles[0] for org, handles in X.items()}


def variant(rng: random.Random, clauses: list[str], n: int) -> str:
    parts = list(clauses)
    if len(parts) > 2 and rng.random() < 0.4:
        parts[1], parts[2] = parts[2], parts[1]
    if rng.random() < 0.3:
        parts = parts[1:] + parts[:1]
    text = ", ".join(parts[:1]) + (" — " + " ".join(parts[1:]) if parts[1:] else "")
    if rng.random() < 0.5:
        text += f" https://news-{rng.randint(1, 9)}.example/a/{n}{rng.randint(100, 999)}"
    return (text + " " + rng.choice(EMOJI)).strip()


def waves(world: World) -> None:
    rng = world.rng
    shared_list: list[str] = []
    for cluster, platforms, size, n_accounts, (low, high), clauses in WAVES:
        accounts = [f"{cluster[5:]}_bot{i:02d}.example" for i in range(n_accounts)]
        ids: list[str] = []
        for n in range(size):
            platform = platforms[n % len(platforms)]
            pool = platform_handles(platform)
            if cluster in ("wave-vaccine", "wave-metro"):
                if not shared_list:
                    shared_list = rng.sample(sorted(X), 10)
                orgs = list(shared_list)
            else:
                orgs = rng.sample(sorted(pool), min(len(pool), rng.randint(low, high)))
            handles = [pool[org] if platform != "x" else rng.choice(X[org]) for org in orgs]
            text, cell = tagged_text(world, platform, variant(rng, clauses, n), handles)
            account = rng.choice(accounts)
            post_id = world.post(platform, account, text, 10 + n % 4, mentions=cell)
            world.items.append(Item(post_id, account, set(orgs), kind=cluster))
            ids.append(post_id)
        world.clusters[cluster] = ids


ORDINARY = [
    "Thanks {t} for the clear explainer on the pension reform.",
    "{t} your live blog is down for me, anyone else?",
    "Good thread by {t} on how the photo was traced to 2019",
    "Interview request: would {t} talk to our students next week?",
    "Correction needed: the map in {t}'s piece swaps two regions",
    "{t} great work today",
]


def ordinary(world: World, n: int) -> None:
    rng = world.rng
    for i in range(n):
        platform = rng.choice(["x", "x", "x", "bluesky", "facebook"])
        pool = platform_handles(platform)
        org = rng.choice(sorted(pool))
        handle = pool[org] if platform != "x" else rng.choice(X[org])
        written, cell = tag(rng, platform, handle)
        if written.startswith("http"):
            written = written + " "
        text = rng.choice(ORDINARY).format(t=written)
        account = f"reader{rng.randint(1, 70):02d}.example"
        post_id = world.post(platform, account, text, rng.randint(0, 30), mentions=cell)
        world.items.append(Item(post_id, account, {org}, kind="ordinary"))
        if i % 10 == 0:  # an outlet's name in running text as well: still one target
            world.posts[-1]["text"] += " (Le Monde and AFP covered it too.)"


def bluesky_sentences(world: World) -> None:
    """Domain handles inside sentences, ending a sentence, and look-alike domain handles."""
    rng = world.rng
    lines = [
        ("Story confirmed by @{}.", True),
        ("As @{} reported this morning, the bridge is closed.", True),
        ("Was @{}'s piece updated?", True),
        ("Nothing from @{}.example yet.", False),
        ("Ask @not{} about it.", False),
    ]
    for i in range(30):
        org = rng.choice(sorted(BSKY))
        form, real = lines[i % len(lines)]
        text = form.format(BSKY[org].upper() if i % 7 == 3 else BSKY[org])
        account = f"skeeter{rng.randint(1, 20):02d}.bsky.social"
        post_id = world.post("bluesky", account, text, rng.randint(0, 30))
        item = Item(post_id, account, {org} if real else set(), kind="bluesky-sentence")
        if not real:
            item.strangers.add(text.split("@", 1)[1].split(" ")[0].rstrip(".").lower())
        world.items.append(item)


def decoys(world: World) -> None:
    thread = [
        "1/ Le Monde reports that the regional council met in secret https://www.lemonde.fr/politique/article/2026/03/04/x.html",
        "2/ According to AFP, three members left before the vote.",
        "3/ Reuters and dpa confirm the date; Der Spiegel has the minutes https://www.spiegel.de/a-123",
        "4/ BBC Verify geolocated the video: https://www.bbc.co.uk/news/articles/c0x",
        "5/ Full Fact and Maldita wrote about the same claim last year.",
    ]
    for k in range(3):
        for line in thread:
            post_id = world.post("x", "citydesk.example", line, 5 + k)
            world.items.append(Item(post_id, "citydesk.example", kind="news-thread"))
    original = world.post(
        "x", "harbourcam.example", "Sunset over the harbour tonight 🌅 #nofilter", 3
    )
    world.items.append(Item(original, "harbourcam.example", kind="popular"))
    for i in range(59):
        account = f"fan{i:02d}.example"
        extra = {"reshare_of": original} if i % 3 else {}
        post_id = world.post(
            "x", account, "Sunset over the harbour tonight 🌅 #nofilter", 3, **extra
        )
        world.items.append(Item(post_id, account, kind="popular"))


def strangers(world: World, n: int) -> None:
    rng = world.rng
    chatter = [
        "lunch with {t} was fun",
        "{t} posted the new schedule",
        "who runs {t}? asking for a friend",
        "follow {t} for daily clips",
    ]
    platforms = sorted(STRANGERS)
    for _ in range(n):
        platform = rng.choice(platforms)
        handle = rng.choice(STRANGERS[platform])
        text = rng.choice(chatter).format(t="@" + handle)
        account = f"user{rng.randint(1, 90):02d}.example"
        post_id = world.post(platform, account, text, rng.randint(0, 30))
        world.items.append(Item(post_id, account, strangers={handle.lower()}, kind="stranger"))


def gaps(world: World) -> None:
    """Tags of organisations' accounts on platforms the registry has no handles for."""
    rng = world.rng
    for platform, accounts in sorted(GAP.items()):
        for org, handle in sorted(accounts.items()):
            for _ in range(2):
                text = f"Is this clip real? @{handle} please look"
                account = f"{platform}er{rng.randint(1, 9)}.example"
                post_id = world.post(platform, account, text, rng.randint(0, 30))
                world.items.append(Item(post_id, account, {org}, kind="registry-gap"))


def noise(world: World, n: int) -> None:
    rng = world.rng
    lines = [
        "Morning run done, 10k in the rain",
        "New recipe on the channel today",
        "Does anyone know if the market opens on Sunday?",
        "The factcheck was wrong again, typical",
        "Reading the afp.com article about tides, very good",
    ]
    for _ in range(n):
        platform = rng.choice(["telegram", "tiktok", "youtube", "instagram", "x", "facebook"])
        account = f"user{rng.randint(1, 90):02d}.example"
        post_id = world.post(platform, account, rng.choice(lines), rng.randint(0, 30))
        world.items.append(Item(post_id, account, kind="noise"))


def split(items: Iterable[Item]) -> dict[str, str]:
    ids = sorted(item.item_id for item in items)
    final = set(random.Random(SPLIT_SEED).sample(ids, round(len(ids) * 0.25)))
    return {item_id: "final" if item_id in final else "dev" for item_id in ids}


def truth(world: World, splits: dict[str, str]) -> dict[str, object]:
    items = [
        {
            "id": item.item_id,
            "sender": item.sender,
            "targets": sorted(item.targets),
            "unresolved": sorted(item.strangers),
            "kind": item.kind,
            "split": splits[item.item_id],
        }
        for item in world.items
    ]
    return {
        "about": (__doc__ or "").strip().splitlines()[0],
        "split_seed": SPLIT_SEED,
        "items": items,
        "tag_bombing": world.clusters,
        "not_tag_bombing": ["popular", "news-thread", "ordinary"],
    }


def write(out: Path) -> dict[str, int]:
    world = World(random.Random(SEED))
    waves(world)
    ordinary(world, 120)
    bluesky_sentences(world)
    decoys(world)
    strangers(world, 90)
    gaps(world)
    noise(world, 60)
    emails(world, Item)
    splits = split(world.items)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "posts.csv").open("w", encoding="utf-8", newline="") as handle:
        columns = ["post_id", "account_id", "created_at", "platform", "text", "mentions"]
        columns += ["reshare_of", "url", "links", "split"]
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in world.posts:
            writer.writerow(row | {"split": splits[row["post_id"]]})
    folder = out / "emails"
    folder.mkdir(exist_ok=True)
    box_path = folder / "inbox.mbox"
    box_path.unlink(missing_ok=True)
    box = mailbox.mbox(box_path)
    for name, message in world.emails:
        if name.endswith(".eml"):
            (folder / name).write_bytes(bytes(message))
        else:
            message.set_unixfrom("From sender@bench.example Mon Mar  2 08:00:00 2026")
            box.add(message)
    box.flush()
    box.close()
    (out / "truth.json").write_text(json.dumps(truth(world, splits), indent=1), encoding="utf-8")
    return {"posts": len(world.posts), "emails": len(world.emails), "items": len(world.items)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    print(write(parser.parse_args().out))
