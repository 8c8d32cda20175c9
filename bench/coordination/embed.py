"""A deterministic hashing embedding: the offline stand-in for d3lta's sentence encoder.

d3lta embeds texts with the Universal Sentence Encoder (512 dimensions), which it downloads from
TF-Hub at run time; this benchmark has no network, so it gives d3lta precomputed vectors instead:
the counts of each text's character 3-grams (lower-cased, whitespace collapsed, each word padded
with spaces) hashed into 512 dimensions with BLAKE2b. Near-identical texts get near-identical
vectors (cosine close to 1), unrelated texts of the same vocabulary about 0.2-0.4. It is a
stand-in, not a semantic model: it cannot match rewordings or translations, which d3lta's real
encoder can, and it costs a fraction of the encoder's time, which is not counted in d3lta's.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

import numpy as np

DIMENSIONS = 512


def _slot(gram: str) -> int:
    digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "little") % DIMENSIONS


def embed(texts: list[str]) -> np.ndarray:
    """One L2-normalised row of ``DIMENSIONS`` float32 values per text."""
    slots: dict[str, int] = {}
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for row, text in enumerate(texts):
        padded = " " + " ".join(text.lower().split()) + " "
        for at in range(len(padded) - 2):
            gram = padded[at : at + 3]
            slot = slots.get(gram)
            if slot is None:
                slot = slots[gram] = _slot(gram)
            out[row, slot] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    result: np.ndarray = out / np.maximum(norms, 1e-9)
    return result


def main() -> None:
    """``python embed.py d3lta.csv embeddings.npy``: embed the ``original`` column."""
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    with source.open(encoding="utf-8", newline="") as handle:
        texts = [row["original"] for row in csv.DictReader(handle)]
    np.save(target, embed(texts))


if __name__ == "__main__":
    main()
