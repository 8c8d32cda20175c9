"""Text matching of ``election-silence``: folding, party names, poll figures.

Kept apart from the detector so that each piece can grow without the detector module passing
~400 lines. Everything works on *folded* text (accents and letters such as ``ł`` reduced to
their base letter, so ``Glosuj na Holownie`` matches ``Głosuj na Hołownię``); spans are
positions in the folded text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cdnet.analysis.reference.elections import Party

#: Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ħ": "h", "Ħ": "H", "\u0131": "i"}
)
#: A poll figure: a number followed by a percent sign or a percent word in an EU language
#: (folded, lower case): "27 %", "27,5%", "27 pour cent", "31 proc.", "33 posto",
#: "45 szazalek", "30 la suta", "12 Prozent".
PERCENT = re.compile(
    r"(?<![\w.,])\d{1,2}(?:[.,]\d{1,2})?\s?"
    r"(?:%|(?:pour|per|por) ?cento?(?!\w)|percent(?!\w)|prozent(?!\w)|procent\w*|proc(?!\w)"
    r"|posto(?!\w)|odstot\w*|szazalek\w*|la suta(?!\w)|pct(?!\w)|τοις εκατο)"
)
#: A seat projection: a number of seats ("289 sieges", "22 escanos", "30 Sitze").
SEATS = re.compile(
    r"(?<![\w.,])\d{1,3}\s?(?:sieges?|seats?|sitze\w*|escanos?|seggi|mandat\w*|lugares|"
    r"mandatos|εδρες|zeteln?)(?!\w)"
)
#: A bare figure right after a party name ("RN 32", "SPD: 16", "NFP 182"): a poll figure
#: only when at least two parties carry one (a list of results, not "RN 7" the road).
_BARE = re.compile(r"\s?[:=]?\s?(\d{1,3})(?:[.,]\d{1,2})?(?![\d%])")
#: A past year just before a figure marks it historical ("en 2019, le RN avait 23,3 %").
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_HISTORY_REACH = 40
#: Countries whose languages decline names (Trzaskowskiego, Mentzenie, Hołownię, Simionului):
#: long one-word names there also match with a few letters of ending.
INFLECTING = frozenset("PL CZ SK HR SI LT LV EE FI HU BG GR CY RO".split())
#: Vowels (of folded text) a name may lose before its ending: Latin, Greek, Cyrillic.
#: Hashtags that contain a registry name of at least this many letters name it
#: (``#TousAvecHayer`` is too short, ``#Bardella2027`` and ``#VotezBellamy`` count).
_TAGGED = 5
_HASHTAG = re.compile(r"#(\w+)")
_VOWELS = (
    "aeiouy"
    + "\u03b1\u03b5\u03b7\u03b9\u03bf\u03c5\u03c9"
    + "\u0430\u0435\u0438\u043e\u0443\u044a\u044f\u044e"
)


def fold(text: str) -> str:
    """``text`` without accents (``Mélenchon`` -> ``Melenchon``, ``Hołownia`` -> ``Holownia``)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def shown(phrases: list[str]) -> dict[str, str]:
    """Folded phrase -> the phrase as findings show it (accents off, letters such as ł kept)."""
    return {fold(p).casefold(): _marks_off(p).casefold() for p in phrases}


def _marks_off(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(phrases: list[str]) -> re.Pattern[str] | None:
    """One whole-word pattern over ``phrases`` (longest first), or None when there are none."""
    if not phrases:
        return None
    ordered = sorted({fold(p).casefold() for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in ordered) + r")(?!\w)")


def acronym(alias: str) -> bool:
    """Short names and acronyms (RN, PiS, AfD, CDU/CSU) match only in their own case."""
    return len(alias) <= 4 or any(c.isupper() for c in alias[1:])


def _compact(name: str) -> str:
    return re.sub(r"[\W_]+", "", fold(name).casefold())


def _inflected(name: str) -> str:
    """A one-word name with a declension ending: ``Nawrocki`` -> ``nawrock\\w{0,4}``."""
    stem = fold(name).casefold()
    stem = stem[:-1] if stem[-1] in _VOWELS else stem
    return re.escape(stem) + r"\w{0,4}"


@dataclass(frozen=True)
class PartyNames:
    """The name patterns of one party: folded case-insensitive, exact-case acronyms, and the
    acronyms in lower case (which count only right after a call to vote: ``votez rn``)."""

    party: Party
    loose: re.Pattern[str] | None
    exact: re.Pattern[str] | None
    lowered: frozenset[str]
    compact: frozenset[str] = frozenset()

    @classmethod
    def of(cls, party: Party, inflecting: bool = False) -> PartyNames:
        names = [party.name, *party.aliases]
        exact = [fold(n) for n in names if acronym(n)]
        plain = [n for n in names if not acronym(n)]
        loose = words(plain)
        if inflecting:
            stems = [_inflected(n) for n in plain if " " not in n.strip() and len(n) >= 5]
            whole = [re.escape(fold(n).casefold()) for n in plain]
            alternatives = sorted({*stems, *whole}, key=len, reverse=True)
            if alternatives:
                loose = re.compile(r"(?<!\w)(" + "|".join(alternatives) + r")(?!\w)")
        pattern = "|".join(re.escape(n) for n in sorted(exact, key=len, reverse=True))
        return cls(
            party,
            loose,
            re.compile(rf"(?<!\w)({pattern})(?!\w)") if exact else None,
            frozenset(n.casefold() for n in exact),
            frozenset(_compact(n) for n in plain if len(_compact(n)) >= _TAGGED),
        )

    def spans(self, folded: str, lowered: str) -> list[tuple[int, int]]:
        found = [m.span() for m in self.exact.finditer(folded)] if self.exact else []
        if self.loose:
            found += [m.span() for m in self.loose.finditer(lowered)]
        for tag in _HASHTAG.finditer(lowered) if self.compact else ():
            if any(name in tag.group(1) for name in self.compact):
                found.append(tag.span())
        return found


def after_call(names: PartyNames, lowered: str, call_end: int) -> bool:
    """Whether a lower-case acronym of the party follows a call to vote (``votez nfp``)."""
    following = re.match(r"\s+(?:(?:for|pour|per|a|na|za|on)\s+)?([\w/-]+)", lowered[call_end:])
    return following is not None and following.group(1) in names.lowered


def historical(lowered: str, start: int, year: int) -> bool:
    """Whether a past year (before ``year``) stands shortly before the figure at ``start``."""
    before = lowered[max(0, start - _HISTORY_REACH) : start]
    return any(int(m.group(1)) < year for m in _YEAR.finditer(before))


def figure_spans(lowered: str, year: int) -> list[tuple[int, int]]:
    """Spans of percentages and seat counts, without those dated to a past year."""
    spans = [m.span() for m in PERCENT.finditer(lowered)]
    spans += [m.span() for m in SEATS.finditer(lowered)]
    return [span for span in spans if not historical(lowered, span[0], year)]


def listed_figures(mentions: list[tuple[str, int, int]], lowered: str) -> list[str]:
    """Parties followed by a bare figure, when at least two are (``RN 32 / PS 14``)."""
    listed = {name for name, _, end in mentions if _BARE.match(lowered, end)}
    return sorted(listed) if len(listed) >= 2 else []
