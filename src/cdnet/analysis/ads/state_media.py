"""The state-media list for ads: which advertising pages belong to state-controlled media.

Reads ``src/cdnet/data/state_media/state_media.csv`` (columns ``name``*, ``country``*,
``typology``, ``domains``, ``page_names``, ``handles`` -- ``|``-separated -- and ``source``) or a
file the user gives. Matching is exact after normalisation (NFKC, case folded, accents and
punctuation dropped, spaces collapsed): a page called "RT en Español" matches the listed page
"RT en español", but "RTL" or "Sputnik Photos" never match "RT" or "Sputnik". Precision first: a
false "state media" label on a member's finding harms its credibility.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from cdnet.errors import BadInput

_NOT_WORD = re.compile(r"[^\w]+")
#: Platforms whose handles can be an ad's page id (Meta's ads; no platform named: Meta).
_AD_PLATFORMS = frozenset({"facebook", "instagram", ""})


def normalise_name(value: str) -> str:
    """``"RT  en Español!"`` -> ``"rt en espanol"``: the key names are compared on."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", value or "").casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", text).replace("_", " ").split())


@dataclass(frozen=True)
class Outlet:
    """One state-media company or asset of the list."""

    name: str
    country: str
    typology: str
    source: str


@dataclass(frozen=True)
class StateMedia:
    """Normalised page names and handles -> the outlet they belong to."""

    names: dict[str, Outlet]
    handles: dict[str, Outlet]

    def match(
        self,
        page_name: str | None,
        payer: str | None,
        page_id: str | None,
        admin_countries: Sequence[str] | None = None,
    ) -> Outlet | None:
        """The outlet whose listed Facebook/Instagram handle equals the page id, or whose listed
        name or page name equals the ad's page name or payer; None when nothing matches exactly.

        Negative evidence: a name match is dropped when the page's admin countries are known
        and none is the outlet's country (a Scottish page "The National" is not the UAE paper).
        """
        handle = (page_id or "").strip().lstrip("@").casefold()
        if handle in self.handles:
            return self.handles[handle]
        admins = {c.strip().upper() for c in admin_countries or [] if c and c.strip()}
        for value in (page_name, payer):
            outlet = self.names.get(normalise_name(value or ""))
            if outlet is not None and (not admins or _home(outlet) & admins):
                return outlet
        return None


def _home(outlet: Outlet) -> set[str]:
    """The countries an outlet's pages may be run from: its own (every member state for EU)."""
    return set(EU_MEMBERS) if outlet.country == "EU" else {outlet.country}


EU_MEMBERS = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)


def shipped_path() -> Path:
    """Where the shipped list lives (it may be missing in an old install)."""
    return Path(str(resources.files("cdnet").joinpath("data", "state_media", "state_media.csv")))


def load_state_media(path: Path | None = None) -> StateMedia:
    """The list in ``path`` (default: the shipped list; empty when it is not installed)."""
    target = path or shipped_path()
    if path is None and not target.is_file():
        return StateMedia({}, {})
    return _load(str(target))


@functools.cache
def _load(path: str) -> StateMedia:
    if not Path(path).is_file():
        raise BadInput("no such file", file=path)
    reader = csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8-sig")))
    for column in ("name", "country"):
        if column not in (reader.fieldnames or []):
            raise BadInput(
                "required column is missing from the header", file=path, row=1, field=column
            )
    names: dict[str, Outlet] = {}
    handles: dict[str, Outlet] = {}
    for number, row in enumerate(reader, start=2):
        name = (row.get("name") or "").strip()
        if not name:
            raise BadInput("name is empty", file=path, row=number, field="name")
        outlet = Outlet(
            name,
            (row.get("country") or "").strip().upper(),
            (row.get("typology") or "").strip(),
            (row.get("source") or "").strip(),
        )
        for page in [name, *(row.get("page_names") or "").split("|")]:
            if normalise_name(page):
                names.setdefault(normalise_name(page), outlet)
        for handle in (row.get("handles") or "").split("|"):
            platform, _, value = handle.strip().rpartition(":")
            value = value.strip().lstrip("@").casefold()
            if value and platform.strip().lower() in _AD_PLATFORMS:
                handles.setdefault(value, outlet)
    return StateMedia(names, handles)
