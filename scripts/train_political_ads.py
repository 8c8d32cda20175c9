"""Build the shipped training data and the shipped political-ads model.

    .venv/bin/python scripts/train_political_ads.py seeds \
        ../shared/data/propublica-political-ads-seeds
    .venv/bin/python scripts/train_political_ads.py train

``seeds`` turns ProPublica's seed files (``{"political": [...], "not_political": [...]}`` per
locale) into ``bench/ads/data/seeds.csv.gz`` (outside the package and git: the texts are public
posts whose copyright stays with their pages, so cdnet ships the model, not the texts): links
(which name the source page and so would leak the label) are cut out of the text, texts under 20
characters are dropped (emoji, "Ok..."), duplicates are dropped, texts are cut at 600 characters.
``page_id`` is the page named in the post's link (it-IT, nl-BE); en-US and de-AT carry no page, and
their texts come page by page in the source, so consecutive blocks of 100 texts stand in for
advertisers.

``train`` fits the model on the hand-written examples plus those seeds and writes ``model.npz`` +
``model.json`` into the package (the same as ``cdnet train political-ads --extra
bench/ads/data/seeds.csv.gz --out src/cdnet/data/political_ads`` without app data).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "cdnet" / "data" / "political_ads"
SEEDS = ROOT / "bench" / "ads" / "data" / "seeds.csv.gz"
LOCALES = ("en-US", "de-AT", "it-IT", "nl-BE")
PAGE = re.compile(r"(?:facebook\.com/+|graph\.facebook\.com//)([^/\s)]+)")
LINK = re.compile(r"(?:https?://|www\.)\S+")
MIN_CHARS, MAX_CHARS, BLOCK = 20, 600, 100


def seed_rows(folder: Path) -> list[dict[str, str]]:
    """Training rows from the seed files of every locale."""
    rows, seen = [], set()
    for locale in LOCALES:
        data = json.loads(gzip.decompress((folder / f"seeds_{locale}.json.gz").read_bytes()))
        lang = locale.split("-")[0]
        for key, label in (("political", "political"), ("not_political", "none")):
            for number, text in enumerate(data[key]):
                page = PAGE.search(text)
                page_id = page.group(1) if page else f"block{number // BLOCK:02d}"
                clean = " ".join(LINK.sub(" ", text).split())[:MAX_CHARS]
                if len(clean) < MIN_CHARS or clean.lower() in seen:
                    continue
                seen.add(clean.lower())
                rows.append(
                    {
                        "text": clean,
                        "lang": lang,
                        "label": label,
                        "page_id": f"{locale}:{key}:{page_id}",
                        "source": f"propublica-seeds-{locale}",
                    }
                )
    return rows


def write_seeds(folder: Path) -> None:
    rows = seed_rows(folder)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["text", "lang", "label", "page_id", "source"])
    writer.writeheader()
    writer.writerows(rows)
    target = SEEDS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8"), mtime=0))
    sys.stdout.write(f"{len(rows)} rows -> {target} ({target.stat().st_size // 1024} KiB)\n")


def train() -> None:
    from cdnet.analysis.ads.train import Options, read_examples, save, shipped_examples
    from cdnet.analysis.ads.train import train as fit_model

    fitted = fit_model([*shipped_examples(OUT), *read_examples(SEEDS)], Options())
    save(fitted, OUT)
    sys.stdout.write(json.dumps(fitted.metadata["metrics_heldout_advertisers"], indent=1) + "\n")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "seeds":
        write_seeds(Path(sys.argv[2]))
    elif sys.argv[1:] == ["train"]:
        train()
    else:
        sys.exit(__doc__)
