"""Writes ``captions.csv``: the held-out captions for the ai-images caption-label reading.

Written by hand before the label matcher was read (issue #8, part 3). Each row: ``text``,
``language``, ``label`` (``ai-label``: the caption discloses the image as AI-made or AI-edited;
``none``: it does not -- including captions *about* AI and denials such as "not AI-generated";
``ambiguous``: left out of the scores), ``note`` and ``split`` (a fixed random 25% ``final``,
seed 8, never looked at while fixing the matcher).

    .venv/bin/python bench/labels/make_captions.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from captions_data import ROWS  # type: ignore[import-not-found]

OUT = Path(__file__).with_name("captions.csv")
SEED = 8


def main() -> None:
    rng = random.Random(SEED)
    order = list(range(len(ROWS)))
    rng.shuffle(order)
    final = set(order[: len(ROWS) // 4])
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "language", "label", "note", "split"])
        for i, (language, label, text, note) in enumerate(ROWS):
            writer.writerow([text, language, label, note, "final" if i in final else "dev"])
    print(f"{len(ROWS)} captions, {len(final)} final -> {OUT}")


if __name__ == "__main__":
    main()
