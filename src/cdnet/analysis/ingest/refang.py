"""Undo the defanging analysts apply to domains and URLs (``example[.]com``, ``hxxps://``).

The same rules run vectorised on Arrow arrays (RE2 through ``pyarrow.compute``) and on single
Python strings, so ingest and the detectors agree.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

# (pattern, replacement) pairs valid both in Python ``re`` and in RE2. Order matters: the
# bracketed "://" forms go before the bracketed ":" form.
_RULES: tuple[tuple[str, str], ...] = (
    (r"(?i)\bhxxp(s?)(\[?:\]?//|\[://\]|://)", r"http\1://"),
    (r"(?i)\bfxp(\[?:\]?//|\[://\]|://)", "ftp://"),
    (r"\[://\]|\[:\]//|\[:/\]/", "://"),
    (r"(?i)\s?[\[\(\{](\.|dot)[\]\)\}]\s?", "."),
    (r"\[:\]", ":"),
    (r"(?i)\[(@|at)\]", "@"),
    (r"\[/\]", "/"),
)
_COMPILED = tuple((re.compile(p), r) for p, r in _RULES)
_HINT = re.compile(r"[\[\(\{]|(?i:hxxp|fxp)")


def refang(value: str) -> str:
    """Refang one domain or URL; plain values come back unchanged (apart from outer spaces)."""
    value = value.strip()
    if not _HINT.search(value):
        return value
    for pattern, replacement in _COMPILED:
        value = pattern.sub(replacement, value)
    return value


def refang_array(values: pa.Array) -> pa.Array:
    """Refang a string array, or every value of a list-of-strings array."""
    if pa.types.is_list(values.type):
        offsets = values.offsets
        start, stop = offsets[0].as_py(), offsets[-1].as_py()
        inner = refang_array(values.values.slice(start, stop - start))
        rebased = pc.subtract(offsets, pa.scalar(start, offsets.type))
        return pa.ListArray.from_arrays(rebased, inner, mask=values.is_null())
    out = pc.utf8_trim_whitespace(values)
    for pattern, replacement in _RULES:
        out = pc.replace_substring_regex(out, pattern=pattern, replacement=replacement)
    return out
