"""The protected-outlet list: news outlets and public institutions whose domains get imitated.

The shipped list lives in ``cdnet/data/protected_outlets`` (see its SOURCE.md). A user's own file
(``--protected FILE``) replaces it: a CSV with a header, ``domain`` required, ``name``, ``country``
and ``kind`` (``news`` or ``government``) optional; other columns are ignored. Domains may be
given as URLs, with ``www.``, in capitals, defanged (``example[.]com``) or as punycode.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import idna

from cdnet.analysis.ingest.refang import refang
from cdnet.errors import BadInput

SHIPPED = ("data", "protected_outlets", "protected_outlets.csv")


@dataclass(frozen=True)
class Outlet:
    """One protected domain: its host name as listed (lower case, Unicode), name, country."""

    domain: str
    name: str = ""
    country: str = ""
    kind: str = "news"

    @property
    def label(self) -> str:
        return self.name or self.domain


def normalise_host(value: str) -> str:
    """Lower-case host name of a domain or URL: no scheme, user, port, path or ``www.``.

    Punycode labels become Unicode (``xn--bcher-kva.de`` -> ``bücher.de``); a label that is not
    valid punycode stays as it is.
    """
    text = refang(value).lower()
    if "://" in text:
        text = text.split("://", 1)[1]
    for stop in "/?#":
        text = text.split(stop, 1)[0]
    text = text.rsplit("@", 1)[-1]
    if text.startswith("[") or text.count(":") > 1:
        return text  # an IPv6 literal
    text = text.split(":", 1)[0].strip().strip(".")
    labels = [_unicode_label(label) for label in text.split(".")]
    while len(labels) > 2 and labels[0] == "www":
        labels = labels[1:]
    return ".".join(labels)


def _unicode_label(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    try:
        return idna.decode(label)
    except idna.IDNAError:
        return label


def domain_rows(lines: Iterable[str], source: str) -> csv.DictReader[str]:
    """A CSV reader over a reference file whose header must hold ``domain`` (names stripped)."""
    reader = csv.DictReader(lines)
    header = [h.strip() for h in reader.fieldnames or []]
    if "domain" not in header:
        raise BadInput(
            "required column is missing from the header", file=source, row=1, field="domain"
        )
    reader.fieldnames = header
    return reader


def read_outlets(lines: Iterable[str], source: str) -> list[Outlet]:
    """Parse a protected-outlet CSV; ``source`` names the file in error messages."""
    reader = domain_rows(lines, source)
    outlets: dict[str, Outlet] = {}
    for row in reader:
        line = reader.line_num
        domain = normalise_host(row.get("domain") or "")
        if not domain or "." not in domain:
            raise BadInput(
                "expected a domain such as example.com", file=source, row=line, field="domain"
            )
        kind = (row.get("kind") or "").strip().lower() or "news"
        outlet = Outlet(
            domain=domain,
            name=(row.get("name") or "").strip(),
            country=(row.get("country") or "").strip().upper(),
            kind=kind,
        )
        outlets.setdefault(domain, outlet)
    if not outlets:
        raise BadInput("the protected-outlet list is empty", file=source)
    return list(outlets.values())


def load_protected(path: Path | None = None) -> list[Outlet]:
    """Load ``path``, or the shipped list when ``path`` is None."""
    if path is None:
        return list(_shipped())
    if not path.is_file():
        raise BadInput("no such file", file=str(path))
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return read_outlets(handle, str(path))
    except UnicodeDecodeError:
        raise BadInput("not valid UTF-8 text", file=str(path)) from None


@functools.cache
def _shipped() -> tuple[Outlet, ...]:
    resource = resources.files("cdnet").joinpath(*SHIPPED)
    text = resource.read_text(encoding="utf-8-sig")
    return tuple(read_outlets(io.StringIO(text, newline=""), "/".join(SHIPPED)))
