"""Fill the ``mirrors`` column of the shipped sanctions register from ASD's Disinfo Laundromat.

Run by hand when either source changes (never at run time or test time)::

    .venv/bin/python scripts/make_sanctions_mirrors.py \
        --laundromat ../shared/data/asd-disinfo-laundromat/sites_of_concern.csv

The register itself (names, aliases, handles, official domains, legal basis) is curated by hand
in ``src/cdnet/data/sanctions/register.csv``; this script only rewrites its ``mirrors`` column.
A laundromat host becomes a mirror of an entity when it matches that entity's pattern below
and is not already one of its official domains (or under one). Only rows whose ``Source`` is a
list of concern are read: "Wikidata All News" is a general news list. The patterns are narrow
on purpose (precision first): the "RT Mirror/Repost" source also lists aggregators that merely
repost RT (wn.com, newstral.com, ...), which are not RT's and are left out.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT / "src" / "cdnet" / "data" / "sanctions" / "register.csv"
IGNORED_SOURCES = {"Wikidata All News"}
# entity_id -> host pattern (full match on the host without ``www.``).
PATTERNS = {
    "eu-833-rt": r"(.+\.)?(rtde\.(world|tech|website|life|live|site)|esrt\.(online|tech|press))"
    r"|actualidad-rt\.com|swentr\.site|rt\.netblogpro\.com|rt-televisionnetwork\.trem\.media",
    "eu-833-sputnik": r"(.+\.)?(sputniknews[a-z]*|sputnik-(georgia|abkhazia|ossetia|meedia|news)"
    r"|armeniasputnik|sputnikglobe)\.[a-z.]+|(.+\.)?sputnik\.(by|md|kz|kg|az)",
    "eu-833-sputnik-arabic": r"sputnikarabic\.[a-z.]+",
    "eu-833-newsfront": r"(.+\.)?news-front\.(info|su)",
    "eu-833-oriental-review": r"(.+\.)?orientalreview\.(org|su)",
    "eu-833-strategic-culture": r"(.+\.)?strategic-culture\.(org|su)",
    "eu-833-southfront": r"(.+\.)?southfront\.(org|press)",
    "eu-833-new-eastern-outlook": r"(.+\.)?journal-neo\.(org|su)",
    "eu-833-tsargrad": r"(.+\.)?tsargrad\.tv",
    "eu-833-rubaltic": r"(.+\.)?rubaltic\.ru",
    "eu-833-fondsk": r"(.+\.)?fondsk\.ru",
    "eu-833-katehon": r"(.+\.)?katehon\.com",
}
# Arabic services are their own Annex XV entries: keep them out of the parent's mirrors.
EXCLUDE = {"eu-833-sputnik": r"(.+\.)?(arabic\.sputniknews\.com|sputnikarabic\.[a-z.]+)"}


def host(url: str) -> str:
    """Lower-case host of a URL as written in the laundromat (stray spaces, commas, case)."""
    text = url.strip().strip(",").strip().lower()
    if "://" not in text:
        text = "http://" + text
    name = urlsplit(text).hostname or ""
    name = name.split(",")[0].strip(".")
    return name[4:] if name.startswith("www.") else name


def laundromat_hosts(path: Path) -> list[str]:
    """Distinct hosts of the laundromat's rows of concern, in file order."""
    seen: dict[str, None] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("Source", "").strip() in IGNORED_SOURCES:
                continue
            name = host(row.get("Domain", ""))
            if name and "." in name and not name.endswith("translate.goog"):
                seen.setdefault(name, None)
    return list(seen)


def covered(name: str, domains: list[str]) -> bool:
    """True when ``name`` is one of ``domains`` or a subdomain of one."""
    return any(name == d or name.endswith("." + d) for d in domains)


def mirrors_for(entity_id: str, domains: list[str], hosts: list[str]) -> list[str]:
    """The hosts that match the entity's pattern and are not its official domains."""
    pattern = PATTERNS.get(entity_id)
    if pattern is None:
        return []
    exclude = EXCLUDE.get(entity_id)
    found = [
        h
        for h in hosts
        if re.fullmatch(pattern, h)
        and not (exclude and re.fullmatch(exclude, h))
        and not covered(h, domains)
    ]
    # A subdomain of a mirror already listed adds nothing.
    return sorted(h for h in set(found) if not covered(h, [m for m in found if m != h]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laundromat", type=Path, required=True, help="sites_of_concern.csv")
    parser.add_argument("--register", type=Path, default=REGISTER)
    args = parser.parse_args()
    hosts = laundromat_hosts(args.laundromat)
    with args.register.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        columns = list(reader.fieldnames or [])
        rows = list(reader)
    for row in rows:
        domains = [d for d in row["domains"].split("|") if d]
        row["mirrors"] = "|".join(mirrors_for(row["entity_id"], domains, hosts))
    with args.register.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    filled = sum(1 for r in rows if r["mirrors"])
    print(f"mirrors written for {filled} of {len(rows)} entities in {args.register}")  # noqa: T201


if __name__ == "__main__":
    main()
