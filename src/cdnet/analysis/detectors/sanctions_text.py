"""Name folding for the ``sanctions`` detector: one comparable Latin form per spelling convention.

A name is NFKC-normalised and case-folded, then turned into a few *variants*, one per way the
same name is commonly written in Latin letters:

* ``bgn`` -- BGN/PCGN romanisation of Cyrillic (Izvestiya, Zvezda, Kh for х);
* ``gost`` -- GOST 7.79-2000 system B (j for й, x for х, cz for ц, shh for щ);
* ``iso`` -- ISO 9 with its diacritics dropped (Izvestia, h for х, c for ц);
* ``glyph`` -- Cyrillic and Greek letters that *look* like Latin ones replaced by them
  (``Spутnik`` written with Cyrillic у/т: the homoglyph trick of a mirror account).

Latin accents are dropped afterwards (RTÉ -> rte). Honorifics such as "Rt Hon" are removed
before tokens are compared, and reported, because "Rt" is not RT.
"""

# The tables below are Cyrillic on purpose: ambiguous-character warnings do not apply here.
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import re
import unicodedata

_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "ш": "sh", "ч": "ch", "ъ": "",
    "ь": "", "ы": "y", "э": "e", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip
_CONVENTIONS = {
    "bgn": {"й": "y", "х": "kh", "ц": "ts", "щ": "shch", "ю": "yu", "я": "ya"},
    "gost": {"й": "j", "х": "x", "ц": "cz", "щ": "shh", "ю": "yu", "я": "ya", "ё": "yo"},
    "iso": {"й": "j", "х": "h", "ц": "c", "щ": "s", "ю": "u", "я": "a", "ж": "z", "ч": "c",
            "ш": "s"},
}  # fmt: skip
_TABLES = {name: str.maketrans({**_COMMON, **special}) for name, special in _CONVENTIONS.items()}
#: Look-alike letters (Cyrillic, Greek) -> the Latin letter they imitate.
_GLYPHS = str.maketrans(
    "аеорсухкмтвнпіјѕԁһӏοαεικνρτυχ",
    "aeopcyxkmtbhnijsdhloaeikvptux",
)
_HONORIFIC = re.compile(
    r"\b(?:the\s+)?(?:rt|right)\.?\s+(?:hon|honourable|honorable)\b\.?", re.IGNORECASE
)
_TITLES = frozenset({"sir", "dame", "mp", "mep", "hon", "dr", "prof", "mr", "mrs", "ms", "lord"})
_TOKEN = re.compile(r"[^\W_]+")
_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def strip_honorifics(text: str) -> tuple[str, list[str]]:
    """``"Rt Hon Jane Doe MP"`` -> ``("Jane Doe MP", ["Rt Hon"])``: the honorifics found."""
    found = [m.group(0).strip() for m in _HONORIFIC.finditer(text)]
    return _HONORIFIC.sub(" ", text), found


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def variants(text: str) -> dict[str, str]:
    """The folded spellings of ``text`` by convention (Latin-only text has one, ``latin``)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if not _CYRILLIC.search(folded) and folded.isascii():
        return {"latin": folded}
    out = {name: _plain(folded.translate(table)) for name, table in _TABLES.items()}
    if _CYRILLIC.search(folded) and _LATIN.search(folded):
        out["glyph"] = _plain(folded.translate(_GLYPHS))
    if not _CYRILLIC.search(folded):
        out = {"latin": _plain(folded.translate(_GLYPHS))}
    return out


def tokens(text: str) -> list[str]:
    """Word tokens of a folded string, titles (sir, mp, dr) left out."""
    return [t for t in _TOKEN.findall(text) if t not in _TITLES]


def token_variants(text: str) -> list[tuple[str, ...]]:
    """Distinct token sequences of ``text`` over its spelling variants."""
    seen: dict[tuple[str, ...], None] = {}
    for spelled in variants(text).values():
        seq = tuple(tokens(spelled))
        if seq:
            seen.setdefault(seq, None)
    return list(seen)
