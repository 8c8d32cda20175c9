"""MinHash over character shingles, vectorised with numpy over Arrow string buffers.

The numeric core of near-duplicate text detection (see ``coordination_text``):

* :func:`normalise` -- NFKC, lower case, URLs, @mentions, emoji and punctuation removed,
  whitespace collapsed (Arrow compute, RE2 Unicode classes: any script);
* :func:`text_hashes` -- a 64-bit hash of each whole normalised text, to group exact duplicates;
* :func:`shingle_hashes` -- 64-bit hashes of the character ``SHINGLE``-grams of each text;
* :func:`signatures` -- ``num_perm`` MinHash values per text, each the minimum of a universal
  hash ``h(x) = ((a*x + b) mod 2**64) >> 32`` over the text's shingle hashes ``x`` (32 bits):
  Dietzfelbinger's multiply-add-shift family, the ``(a*x + b) mod p`` scheme with a power of two
  so numpy needs no division; ``a`` and ``b`` come from a fixed seed (same values every run);
* :func:`band_buckets` -- LSH banding: ``bands`` bucket hashes of ``rows`` values each
  (:func:`choose_bands` picks them for the threshold);
* :func:`jaccard` -- exact Jaccard similarity of the shingle sets of paired texts.

No Python loop runs per shingle: a batch's texts are decoded once into one UTF-32 array of code
points and every step works on whole arrays (loops run over the ``SHINGLE`` positions, the
``num_perm`` permutations, or chunks of a few million shingles that bound memory).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

#: Characters per shingle (k): 5 keeps word order and survives one changed word in a sentence.
SHINGLE = 5
#: Seed of the permutations and bucket hashes: fixed, so results repeat across runs.
SEED = 20240606
#: Chance that a pair exactly at the similarity threshold becomes an LSH candidate.
RECALL = 0.95
#: Shingles handled at once when hashing: bounds a kernel's memory (8 bytes each, a few copies).
CHUNK_SHINGLES = 1 << 22

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

_URL = r"(?:https?|ftp)://\S+|www\.\S+"
_MENTION = r"@[\pL\pN\pM_]+"
# Anything but letters, digits and combining marks (keeps Arabic, Indic, Hangul...), plus the
# variation selectors and the keycap mark, which are marks but belong to emoji.
_NOT_WORD = r"[^\pL\pN\pM\s]|[\x{FE00}-\x{FE0F}\x{20E3}\x{E0100}-\x{E01EF}]"


def normalise(texts: pa.Array) -> pa.Array:
    """Texts as compared: NFKC, lower case, no URLs/@mentions/emoji/punctuation, single spaces."""
    out = pc.utf8_normalize(texts.cast(pa.string()), "NFKC")
    out = pc.utf8_lower(out)
    for pattern in (_URL, _MENTION, _NOT_WORD):
        out = pc.replace_substring_regex(out, pattern, " ")
    out = pc.replace_substring_regex(out, r"\s+", " ")
    return pc.utf8_trim_whitespace(out)


def mix64(values: U64) -> U64:
    """The splitmix64 finaliser: a bijection of 64-bit values that spreads every input bit."""
    z = values ^ (values >> np.uint64(30))
    z = z * np.uint64(0xBF58476D1CE4E5B9)
    z = z ^ (z >> np.uint64(27))
    z = z * np.uint64(0x94D049BB133111EB)
    out: U64 = z ^ (z >> np.uint64(31))
    return out


def _utf8(texts: pa.Array) -> tuple[npt.NDArray[np.uint8], I64]:
    """The UTF-8 bytes of non-null ``texts`` back to back, and each text's start (plus the end)."""
    large = texts.cast(pa.large_string())
    buffers = large.buffers()
    offsets = np.frombuffer(
        buffers[1], dtype=np.int64, count=len(large) + 1, offset=large.offset * 8
    )
    if buffers[2] is None or len(large) == 0:
        return np.zeros(0, np.uint8), np.zeros(len(large) + 1, np.int64)
    data = np.frombuffer(buffers[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    return data, offsets - offsets[0]


def text_hashes(texts: pa.Array) -> I64:
    """A 64-bit hash of each (non-null) text: equal texts, equal hashes; others collide ~2**-64.

    A sum of pseudo-random values, one per (position, byte), like tabulation hashing.
    """
    data, offsets = _utf8(texts)
    lengths = np.diff(offsets)
    position = np.arange(len(data), dtype=np.int64) - np.repeat(offsets[:-1], lengths)
    values = mix64((position.astype(np.uint64) << np.uint64(8)) | data.astype(np.uint64))
    sums = np.zeros(len(lengths), np.uint64)
    filled = lengths > 0
    if filled.any():
        sums[filled] = np.add.reduceat(values, offsets[:-1][filled])
    mixed = mix64(sums ^ mix64(lengths.astype(np.uint64) + np.uint64(SEED)))
    return mixed.view(np.int64)


def code_points(texts: pa.Array) -> tuple[npt.NDArray[np.uint32], I64]:
    """All texts' code points back to back (one UTF-32 decode per batch) and their lengths."""
    data, _ = _utf8(texts)
    decoded = data.tobytes().decode("utf-8").encode("utf-32-le")
    lengths = pc.fill_null(pc.utf8_length(texts.cast(pa.string())), 0)
    return np.frombuffer(decoded, dtype=np.uint32), lengths.to_numpy().astype(np.int64)


def _starts(counts: I64) -> I64:
    return np.concatenate([np.zeros(1, np.int64), np.cumsum(counts)[:-1]])


def shingle_hashes(points: npt.NDArray[np.uint32], lengths: I64) -> tuple[U64, I64]:
    """Hashes of every ``SHINGLE``-character window of each text, and how many each text has.

    A text shorter than ``SHINGLE`` has none. Windows never cross from one text into the next.
    """
    counts = np.maximum(lengths - SHINGLE + 1, 0)
    first = np.repeat(_starts(lengths) - _starts(counts), counts)
    position = np.arange(int(counts.sum()), dtype=np.int64) + first
    hashes = np.zeros(len(position), np.uint64)
    for j in range(SHINGLE):
        hashes = hashes * np.uint64(0x100000001B3) + points[position + j].astype(np.uint64)
    return mix64(hashes), counts


def permutations(num_perm: int) -> tuple[U64, U64]:
    """The ``a`` (odd) and ``b`` of each multiply-add-shift hash, from the fixed seed."""
    rng = np.random.default_rng(SEED)
    a = rng.integers(0, 1 << 64, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 1 << 64, size=num_perm, dtype=np.uint64)
    return a, b


def chunks(counts: I64, limit: int = CHUNK_SHINGLES) -> Iterator[slice]:
    """Consecutive slices of rows whose ``counts`` add up to about ``limit`` (at least one row)."""
    total = np.cumsum(counts)
    start = 0
    while start < len(counts):
        base = total[start - 1] if start else 0
        stop = int(np.searchsorted(total, base + limit, side="right"))
        stop = max(stop, start + 1)
        yield slice(start, stop)
        start = stop


def signatures(texts: pa.Array, num_perm: int) -> npt.NDArray[np.uint32]:
    """MinHash signatures, one row of ``num_perm`` values per text (texts >= SHINGLE chars)."""
    points, lengths = code_points(texts)
    out = np.full((len(lengths), num_perm), 0xFFFFFFFF, np.uint32)
    a, b = permutations(num_perm)
    starts = _starts(lengths)
    for part in chunks(lengths):
        lo, hi = starts[part.start], starts[part.stop - 1] + lengths[part.stop - 1]
        hashes, counts = shingle_hashes(points[lo:hi], lengths[part])
        x = hashes >> np.uint64(32)
        have = counts > 0
        cuts = _starts(counts)[have]
        rows = np.arange(part.start, part.stop)[have]
        for i in range(num_perm):
            # The top 32 bits are monotone in the full value: take the minimum, then shift.
            least = np.minimum.reduceat(a[i] * x + b[i], cuts)
            out[rows, i] = (least >> np.uint64(32)).astype(np.uint32)
    return out


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    """Chance that two texts of Jaccard ``similarity`` share a bucket in at least one band."""
    return float(1 - (1 - similarity**rows) ** bands)


def choose_bands(num_perm: int, threshold: float, recall: float = RECALL) -> tuple[int, int]:
    """LSH ``(bands, rows)``, ``bands * rows <= num_perm``, for a Jaccard ``threshold``.

    Two texts become candidates with probability ``1 - (1 - J**rows)**bands``, an S-curve in
    ``J``. More rows per band make unrelated pairs rarer candidates (less verifying); more bands
    catch more true pairs. We take the most rows for which ``num_perm // rows`` bands still make
    a pair *at* the threshold a candidate with probability ``recall`` (pairs above it are
    likelier still; candidates are verified exactly, so this only trades work for recall).
    64 values at 0.8 give 10 bands of 6 rows: a pair at J=0.8 is a candidate with p=0.95, at 0.9
    with p=0.9995, at 0.5 with p=0.15, at 0.2 with p=0.0006. (Insisting on ``bands * rows ==
    num_perm``, 8 x 8, would miss one pair in four at J=0.8.)
    """
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if candidate_probability(threshold, bands, rows) >= recall:
            return bands, rows
    return num_perm, 1


def band_buckets(sigs: npt.NDArray[np.uint32], bands: int, rows: int) -> I64:
    """One bucket hash per (text, band): shape ``(texts, bands)``; equal bands, equal buckets."""
    out = np.empty((sigs.shape[0], bands), np.uint64)
    for band in range(bands):
        h = np.full(sigs.shape[0], mix64(np.array([SEED + band], np.uint64))[0], np.uint64)
        for j in range(rows):
            h = mix64(h ^ sigs[:, band * rows + j].astype(np.uint64))
        out[:, band] = h
    return out.view(np.int64)


def _distinct(ordered: U64) -> U64:
    """The distinct values of a sorted array (np.unique, without its slower general path)."""
    keep = np.ones(len(ordered), bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def _shingle_sets(texts: pa.Array) -> tuple[U64, I64]:
    """Each text's distinct shingles as sorted keys ``row << 32 | hash >> 32``, and set sizes.

    32 bits of shingle hash suffice here: two different shingles of one pair collide with
    probability 2**-32, which moves a Jaccard value by one shingle at most.
    """
    points, lengths = code_points(texts)
    hashes, counts = shingle_hashes(points, lengths)
    owner = np.repeat(np.arange(len(counts), dtype=np.uint64), counts)
    keys = _distinct(np.sort((owner << np.uint64(32)) | (hashes >> np.uint64(32))))
    sizes = np.bincount((keys >> np.uint64(32)).astype(np.int64), minlength=len(counts))
    return keys, sizes.astype(np.int64)


def jaccard(left: pa.Array, right: pa.Array) -> npt.NDArray[np.float64]:
    """Exact Jaccard similarity of the shingle sets of ``left[i]`` and ``right[i]``."""
    keys_a, size_a = _shingle_sets(left)
    keys_b, size_b = _shingle_sets(right)
    merged = np.sort(np.concatenate([keys_a, keys_b]))
    shared = merged[1:][merged[1:] == merged[:-1]]
    both = np.bincount((shared >> np.uint64(32)).astype(np.int64), minlength=len(left))
    union = size_a + size_b - both
    return np.where(union > 0, both / np.maximum(union, 1), 0.0)
