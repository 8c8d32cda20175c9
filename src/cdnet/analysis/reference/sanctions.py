"""The sanctions register: outlets, organisations and people listed by sanctions regulations.

Two input forms are read into the same typed :class:`Register`:

* the CSV of FORMATS.md (``entity_id``, ``name`` required; ``aliases``, ``handles``, ``domains``
  ``|``-separated; ``kind``, ``legal_basis``, ``listed_on``) plus the optional columns
  ``mirrors`` (``|``-separated mirror domains), ``country`` (ISO alpha-2) and ``source_url``;
* followthemoney JSON lines (``{"id", "schema", "properties"}``): Organization, Company,
  LegalEntity, PublicBody and Person entities become entries; Sanction entities add the
  programme and listing date of the entity they point to; UserAccount entities add handles.

The register in force is the user's (``CDNET_HOME/reference/sanctions.csv``, written by
``cdnet sanctions update``) when there is one, else the shipped
``cdnet/data/sanctions/register.csv``. Nothing here reads the network.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

from cdnet.analysis.reference.protected import normalise_host
from cdnet.errors import BadInput, ConfigurationError

SHIPPED = ("data", "sanctions", "register.csv")
COLUMNS = (
    "entity_id",
    "name",
    "aliases",
    "kind",
    "handles",
    "domains",
    "legal_basis",
    "listed_on",
    "mirrors",
    "country",
    "source_url",
)
KINDS = ("outlet", "person", "organisation")
LIST_COLUMNS = frozenset({"aliases", "handles", "domains", "mirrors"})
#: Other spellings of a platform in handles: all are stored under the name on the right.
PLATFORM_ALIASES = {
    "twitter": "x",
    "x.com": "x",
    "twitter.com": "x",
    "tg": "telegram",
    "t.me": "telegram",
    "fb": "facebook",
    "facebook.com": "facebook",
    "ig": "instagram",
    "instagram.com": "instagram",
    "yt": "youtube",
    "youtube.com": "youtube",
    "vk.com": "vk",
    "vkontakte": "vk",
    "ok.ru": "ok",
    "odnoklassniki": "ok",
    "tiktok.com": "tiktok",
}
_FTM_ORGS = frozenset({"Organization", "Company", "LegalEntity", "PublicBody"})


@dataclass(frozen=True)
class Entity:
    """One listed entity; lists are tuples of normalised values (domains lower case, no www)."""

    entity_id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "outlet"
    handles: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    legal_basis: str = ""
    listed_on: str = ""
    mirrors: tuple[str, ...] = ()
    country: str = ""
    source_url: str = ""

    def to_row(self) -> dict[str, str]:
        """The entity as a row of the register CSV."""
        row: dict[str, str] = {}
        for name in COLUMNS:
            value = getattr(self, name)
            row[name] = "|".join(value) if isinstance(value, tuple) else str(value)
        return row


@dataclass(frozen=True)
class Register:
    """The entities of one register file, in file order, and where they came from."""

    entities: tuple[Entity, ...]
    source: str

    def get(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.entity_id == entity_id), None)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        for entity in self.entities:
            writer.writerow(entity.to_row())
        return out.getvalue()


@dataclass(frozen=True)
class Changes:
    """What an update changes: entity ids added and removed, and changed ids with their fields."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def normalise_handle(value: str, platform: str = "") -> str:
    """``"Twitter:@RT_com"`` -> ``"x:rt_com"``; a bare handle gets ``platform`` (may be empty)."""
    text = value.strip()
    if ":" in text and not text.lower().startswith(("http:", "https:")):
        platform, text = text.split(":", 1)
    text = text.strip().lstrip("@").rstrip("/").lower()
    if "/" in text:  # a profile URL: keep its last path segment
        text = text.rsplit("/", 1)[-1].lstrip("@")
    key = platform.strip().lower()
    return f"{PLATFORM_ALIASES.get(key, key)}:{text}" if text else ""


def normalise_platform(value: str) -> str:
    key = value.strip().lower()
    return PLATFORM_ALIASES.get(key, key)


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _domains(values: Iterable[str], source: str, row: int, field: str) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        host = normalise_host(value)
        if not host or "." not in host or " " in host:
            raise BadInput(
                f"expected a domain such as example.com, not {value!r}",
                file=source,
                row=row,
                field=field,
            )
        out.append(host)
    return tuple(dict.fromkeys(out))


def _handles(values: Iterable[str], source: str, row: int) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        handle = normalise_handle(value)
        if not handle or handle.startswith(":"):
            raise BadInput(
                f"expected platform:handle (e.g. telegram:rt_russian), not {value!r}",
                file=source,
                row=row,
                field="handles",
            )
        out.append(handle)
    return tuple(dict.fromkeys(out))


def _entity_from_row(row: dict[str, str | None], source: str, line: int) -> Entity:
    """One CSV row as an Entity; BadInput names the row and field when a value is wrong."""
    entity_id = (row.get("entity_id") or "").strip()
    name = (row.get("name") or "").strip()
    for field, value in (("entity_id", entity_id), ("name", name)):
        if not value:
            raise BadInput("a value is required", file=source, row=line, field=field)
    kind = (row.get("kind") or "").strip().lower() or "outlet"
    if kind not in KINDS:
        raise BadInput(
            f"expected one of {', '.join(KINDS)}, not {kind!r}", file=source, row=line, field="kind"
        )
    country = (row.get("country") or "").strip().upper()
    if country and (len(country) != 2 or not country.isalpha()):
        raise BadInput(
            f"expected an ISO alpha-2 code, not {country!r}", file=source, row=line, field="country"
        )
    return Entity(
        entity_id=entity_id,
        name=name,
        aliases=tuple(dict.fromkeys(a for a in _split(row.get("aliases")) if a != name)),
        kind=kind,
        handles=_handles(_split(row.get("handles")), source, line),
        domains=_domains(_split(row.get("domains")), source, line, "domains"),
        legal_basis=(row.get("legal_basis") or "").strip(),
        listed_on=(row.get("listed_on") or "").strip(),
        mirrors=_domains(_split(row.get("mirrors")), source, line, "mirrors"),
        country=country,
        source_url=(row.get("source_url") or "").strip(),
    )


def read_register_csv(lines: Iterable[str], source: str) -> Register:
    """Parse the register CSV; ``source`` names the file in error messages."""
    reader = csv.DictReader(lines)
    header = [h.strip() for h in reader.fieldnames or []]
    for required in ("entity_id", "name"):
        if required not in header:
            raise BadInput(
                "required column is missing from the header", file=source, row=1, field=required
            )
    reader.fieldnames = header
    entities: dict[str, Entity] = {}
    for row in reader:
        if None in row:
            raise BadInput(
                "the row has more cells than the header", file=source, row=reader.line_num
            )
        entity = _entity_from_row(row, source, reader.line_num)
        if entity.entity_id in entities:
            raise BadInput(
                f"entity_id {entity.entity_id!r} appears twice",
                file=source,
                row=reader.line_num,
                field="entity_id",
            )
        entities[entity.entity_id] = entity
    return _non_empty(Register(tuple(entities.values()), source))


def _non_empty(register: Register) -> Register:
    if not register.entities:
        raise BadInput("the sanctions register holds no entities", file=register.source)
    return register


def _ftm_lines(lines: Iterable[str], source: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInput(f"not a JSON object ({exc.msg})", file=source, row=number) from None
        if not isinstance(data, dict) or not isinstance(data.get("properties", {}), dict):
            raise BadInput(
                "expected an object with id, schema, properties", file=source, row=number
            )
        for field in ("id", "schema"):
            if not isinstance(data.get(field), str) or not data[field]:
                raise BadInput("a value is required", file=source, row=number, field=field)
        yield number, data


def _props(data: dict[str, Any], name: str) -> list[str]:
    values = data.get("properties", {}).get(name, [])
    return [str(v).strip() for v in (values if isinstance(values, list) else [values]) if v]


def read_register_ftm(lines: Iterable[str], source: str) -> Register:
    """Parse followthemoney JSON lines (see the module docstring for what is used)."""
    listed: dict[str, tuple[int, dict[str, Any]]] = {}
    sanctions: dict[str, list[dict[str, Any]]] = {}
    accounts: dict[str, list[str]] = {}
    for number, data in _ftm_lines(lines, source):
        schema = data["schema"]
        if schema in _FTM_ORGS or schema == "Person":
            listed[data["id"]] = (number, data)
        elif schema == "Sanction":
            for target in _props(data, "entity"):
                sanctions.setdefault(target, []).append(data)
        elif schema == "UserAccount":
            handle = normalise_handle(
                (_props(data, "username") or [""])[0], (_props(data, "service") or [""])[0]
            )
            for owner in _props(data, "owner"):
                accounts.setdefault(owner, []).append(handle)
    entities = [
        _ftm_entity(data, number, source, sanctions.get(eid, []), accounts.get(eid, []))
        for eid, (number, data) in listed.items()
    ]
    return _non_empty(Register(tuple(entities), source))


def _ftm_entity(
    data: dict[str, Any],
    line: int,
    source: str,
    sanctions: list[dict[str, Any]],
    handles: list[str],
) -> Entity:
    names = _props(data, "name")
    if not names:
        raise BadInput("an entity needs a name", file=source, row=line, field="properties.name")
    aliases = _props(data, "alias") + _props(data, "weakAlias") + _props(data, "previousName")
    websites = _props(data, "website") + _props(data, "domain")
    topics = " ".join(_props(data, "topics"))
    kind = "person" if data["schema"] == "Person" else "organisation"
    if kind == "organisation" and ("media" in topics or websites):
        kind = "outlet"
    programs = [p for s in sanctions for p in _props(s, "program") + _props(s, "programId")]
    dates = sorted(d for s in sanctions for d in _props(s, "listingDate") + _props(s, "startDate"))
    urls = [u for s in sanctions for u in _props(s, "sourceUrl")] + _props(data, "sourceUrl")
    countries = _props(data, "country") + _props(data, "jurisdiction") + _props(data, "nationality")
    return _entity_from_row(
        {
            "entity_id": data["id"],
            "name": names[0],
            "aliases": "|".join([*names[1:], *aliases]),
            "kind": kind,
            "handles": "|".join(h for h in handles if h),
            "domains": "|".join(websites),
            "legal_basis": "; ".join(dict.fromkeys(programs)),
            "listed_on": dates[0][:10] if dates else "",
            "country": countries[0][:2] if countries else "",
            "source_url": urls[0] if urls else "",
        },
        source,
        line,
    )


def read_register_text(text: str, source: str) -> Register:
    """Parse a register given as text: JSON lines when it starts with ``{``, CSV otherwise."""
    text = text.removeprefix("\ufeff")
    if text.lstrip().startswith("{"):
        return read_register_ftm(io.StringIO(text), source)
    return read_register_csv(io.StringIO(text, newline=""), source)


def load_register(path: Path | None = None) -> Register:
    """Load ``path`` (CSV or FtM JSON lines), or the register in force when ``path`` is None."""
    if path is None:
        user = user_register_path()
        return load_register(user) if user.is_file() else shipped_register()
    if not path.is_file():
        raise BadInput("no such file", file=str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadInput("not valid UTF-8 text", file=str(path)) from None
    return read_register_text(text, str(path))


def shipped_register() -> Register:
    """The register shipped with cdnet (see ``cdnet/data/sanctions/SOURCE.md``)."""
    resource = resources.files("cdnet").joinpath(*SHIPPED)
    if not resource.is_file():
        raise ConfigurationError(
            "the shipped sanctions register is missing; pass --list FILE or run "
            "`cdnet sanctions update FILE`"
        )
    return read_register_text(resource.read_text(encoding="utf-8"), "/".join(SHIPPED))


def user_register_path() -> Path:
    """Where ``cdnet sanctions update`` keeps the user's register."""
    from cdnet.config import home

    return home() / "reference" / "sanctions.csv"


def write_register(register: Register, path: Path) -> None:
    """Write ``register`` as CSV to ``path`` atomically (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".sanctions-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(register.to_csv())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def compare(old: Register, new: Register) -> Changes:
    """Entities added, removed and changed (with the names of the changed fields)."""
    before = {e.entity_id: e for e in old.entities}
    after = {e.entity_id: e for e in new.entities}
    changed: list[tuple[str, tuple[str, ...]]] = []
    for entity_id in after.keys() & before.keys():
        a, b = before[entity_id], after[entity_id]
        differ = tuple(f.name for f in fields(Entity) if getattr(a, f.name) != getattr(b, f.name))
        if differ:
            changed.append((entity_id, differ))
    return Changes(
        added=tuple(i for i in after if i not in before),
        removed=tuple(i for i in before if i not in after),
        changed=tuple(sorted(changed)),
    )
