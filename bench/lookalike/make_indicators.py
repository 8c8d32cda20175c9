"""Build ``src/cdnet/data/indicators/known_indicators.csv`` (the ``known-ioc`` reference file).

Run by hand when the sources change; cdnet never runs it (nothing reads the sources at run time):

    .venv/bin/python bench/lookalike/make_indicators.py PATH/TO/asd-disinfo-laundromat

It merges the shipped Meta Doppelganger file (``doppelganger_meta_2023.csv``) with ASD's
Disinformation Laundromat ``sites_of_concern.csv`` (all sources but "Wikidata All News", which is
a list of ordinary news sites), drops platforms, URL shorteners and protected domains, and
writes one row per (domain, source). See src/cdnet/data/indicators/SOURCE.md.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from urllib.parse import unquote

from cdnet.analysis.reference.protected import load_protected, normalise_host
from cdnet.analysis.resolve import load_shorteners

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "cdnet" / "data" / "indicators"
META_URL = (
    "https://github.com/facebook/threat-research/blob/a1b05bff1c29fe32e116c4a5eb35b0f0d4e717b1/"
    "indicators/csv/Q2_2023%20/Q2_2023_Doppelganger_Russia_based_CIB_network_updated.csv"
)
ASD_URL = "https://github.com/ASD-at-GMF/disinfo-laundromat"
ASD_DATE = "2024-05-16"
META_KIND = {"spoof": "spoof", "redirect": "redirect", "brand": "site-of-concern"}
#: Whole platforms that the ASD lists name because content of concern was posted there.
PLATFORMS = frozenset(
    "youtube.com facebook.com twitter.com x.com t.me telegram.org vk.com ok.ru google.com "
    "medium.com substack.com wordpress.com blogspot.com livejournal.com tiktok.com instagram.com "
    "rumble.com bitchute.com odysee.com gab.com yandex.ru mail.ru dzen.ru zen.yandex.ru telegra.ph "
    "linkedin.com reddit.com archive.org github.com wikipedia.org".split()
)
COLUMNS = ["domain", "kind", "imitates", "source", "source_url", "date", "country"]


def meta_rows() -> list[dict[str, str]]:
    with (DATA / "doppelganger_meta_2023.csv").open(encoding="utf-8", newline="") as handle:
        return [
            {
                "domain": row["domain"],
                "kind": META_KIND[row["kind"]],
                "imitates": row["imitates"],
                "source": row["source_report"],
                "source_url": META_URL,
                "date": row["registered"],
                "country": row["country"],
            }
            for row in csv.DictReader(handle)
        ]


def asd_rows(folder: Path, skip: set[str]) -> list[dict[str, str]]:
    rows: dict[tuple[str, str], dict[str, str]] = {}
    with (folder / "sites_of_concern.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            source = row["Source"].strip()
            domain = normalise_host(unquote(row["Domain"].strip().strip(",").strip()))
            if source == "Wikidata All News" or "." not in domain or domain in skip:
                continue
            key = (domain, source)
            rows.setdefault(key, {
                "domain": domain, "kind": "site-of-concern", "imitates": "",
                "source": f"ASD Disinformation Laundromat ({source})",
                "source_url": ASD_URL, "date": ASD_DATE, "country": "",
            })  # fmt: skip
    return sorted(rows.values(), key=lambda r: (r["domain"], r["source"]))


def main(folder: Path) -> None:
    protected = {outlet.domain for outlet in load_protected()}
    rows = meta_rows()
    skip = protected | PLATFORMS | load_shorteners() | {r["domain"] for r in rows}
    rows += asd_rows(folder, skip)
    with (DATA / "known_indicators.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} indicators written")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
