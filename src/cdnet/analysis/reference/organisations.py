"""The organisations registry: fact-checkers and newsrooms that campaigns tag and e-mail.

The shipped registry lives in ``cdnet/data/organisations`` (see its SOURCE.md); FORMATS.md gives
its columns (``org_id``*, ``name``*, ``aliases``, ``handles`` as ``platform:handle``,
``email_domains``, ``kind``, ``country``; lists ``|``-separated). A user's own file (``--orgs``)
extends it; a row with a shipped ``org_id`` replaces that row. :class:`Resolver` turns handles,
aliases and e-mail addresses into org ids.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from cdnet.errors import BadInput

SHIPPED = ("data", "organisations", "organisations.csv")
_PLATFORMS = {"twitter": "x", "bsky": "bluesky", "fb": "facebook", "ig": "instagram"}


@dataclass(frozen=True)
class Organisation:
    """One row of the organisations registry."""

    org_id: str
    name: str
    aliases: tuple[str, ...] = ()
    handles: tuple[tuple[str, str], ...] = ()  # (platform, folded handle)
    email_domains: tuple[str, ...] = ()
    kind: str = ""
    country: str = ""


def platform_key(value: str | None) -> str:
    """A platform name as compared: lower case, ``twitter`` -> ``x``, ``bsky`` -> ``bluesky``."""
    text = (value or "").strip().casefold()
    return _PLATFORMS.get(text, text)


def fold_handle(value: str) -> str:
    """A handle as compared: no ``@``, no trailing dot, case-folded."""
    return value.strip().lstrip("@").rstrip(".").casefold()


def fold_name(value: str) -> str:
    """A name or alias as compared with a handle: letters and digits only, no accents."""
    plain = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in plain if ch.isalnum())


def _split(cell: str | None) -> list[str]:
    return [v.strip() for v in (cell or "").split("|") if v.strip()]


def _row(row: dict[str, str], source: str, number: int) -> Organisation:
    for column in ("org_id", "name"):
        if not (row.get(column) or "").strip():
            raise BadInput("required value is empty", file=source, row=number, field=column)
    handles = []
    for item in _split(row.get("handles")):
        platform, sep, handle = item.partition(":")
        if not sep or not handle.strip():
            raise BadInput(
                f"handle {item!r} is not platform:handle", file=source, row=number, field="handles"
            )
        handles.append((platform_key(platform), fold_handle(handle)))
    return Organisation(
        org_id=row["org_id"].strip(),
        name=row["name"].strip(),
        aliases=tuple(_split(row.get("aliases"))),
        handles=tuple(handles),
        email_domains=tuple(d.casefold().lstrip("@.") for d in _split(row.get("email_domains"))),
        kind=(row.get("kind") or "").strip(),
        country=(row.get("country") or "").strip().upper(),
    )


def read_organisations(text: str, source: str) -> list[Organisation]:
    """The organisations of a registry CSV (FORMATS.md ``--orgs``); BadInput names the row."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    for column in ("org_id", "name"):
        if column not in header:
            raise BadInput("required column is missing", file=source, row=1, field=column)
    reader.fieldnames = header
    return [_row(row, source, number) for number, row in enumerate(reader, start=2)]


def load_organisations(path: Path | None = None, shipped: bool = True) -> list[Organisation]:
    """The shipped registry (unless ``shipped`` is False) extended, by org_id, with ``path``."""
    found: dict[str, Organisation] = {}
    if shipped:
        resource = resources.files("cdnet").joinpath(*SHIPPED)
        found.update(
            (o.org_id, o)
            for o in read_organisations(resource.read_text("utf-8"), "/".join(SHIPPED))
        )
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise BadInput(f"cannot read the organisations file: {exc}", field="--orgs") from None
        found.update((o.org_id, o) for o in read_organisations(text, str(path)))
    if not found:
        raise BadInput("no organisations to match: give --orgs FILE", field="--orgs")
    return list(found.values())


@dataclass(frozen=True)
class Resolver:
    """Handles, aliases and e-mail domains -> org_id (picklable, so Spark can ship it)."""

    handles: dict[tuple[str, str], str] = field(default_factory=dict)
    any_platform: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    domains: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, organisations: Iterable[Organisation]) -> Resolver:
        resolver = cls()
        for org in organisations:
            for platform, handle in org.handles:
                resolver.handles.setdefault((platform, handle), org.org_id)
                resolver.any_platform.setdefault(handle, org.org_id)
            for name in (org.name, *org.aliases):
                if len(fold_name(name)) >= 3:
                    resolver.names.setdefault(fold_name(name), org.org_id)
            for domain in org.email_domains:
                resolver.domains.setdefault(domain, org.org_id)
        return resolver

    def domain(self, host: str) -> str | None:
        """The organisation whose domain is ``host`` or a parent of it (the longest wins)."""
        labels = host.casefold().strip(".").split(".")
        for start in range(len(labels) - 1):
            found = self.domains.get(".".join(labels[start:]))
            if found is not None:
                return found
        return None

    def handle(self, platform: str, handle: str) -> tuple[str | None, str]:
        """(org_id or None, matched_on) for a handle seen on ``platform`` (may be empty)."""
        folded = fold_handle(handle)
        found = self.handles.get((platform, folded))
        if found is None and not platform:
            found = self.any_platform.get(folded)
        if found is not None:
            return found, "handle"
        if "." in folded and platform in ("", "bluesky"):
            found = self.domain(folded)
            if found is not None:
                return found, "domain-handle"
        found = self.names.get(fold_name(folded.removesuffix(".bsky.social")))
        return (found, "alias") if found is not None else (None, "")

    def address(self, address: str) -> tuple[str | None, str]:
        """(org_id or None, ``email``) for an e-mail address."""
        found = self.domain(address.rsplit("@", 1)[-1])
        return (found, "email") if found is not None else (None, "")
