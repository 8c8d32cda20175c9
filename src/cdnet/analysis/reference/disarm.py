"""The DISARM Red and Blue frameworks (v1.6) as a typed, cached registry.

The CSV files ship in ``cdnet/data/disarm`` (see its SOURCE.md: CC BY-SA 4.0). DISARM ids such as
``T0097.202`` collide with MITRE ATT&CK for ICS, so every object knows its ``framework``
(``"disarm-red"`` or ``"disarm-blue"``) and its ``qualified_id`` (``"DISARM:T0097.202"``); lookups
accept both forms. Counters and detections still link to 30 technique ids that v1.6 retired: those
links are kept, the ids become :class:`RetiredTechnique` objects, and ``Disarm.problems`` says so.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypedDict

from cdnet.analysis.reference.disarm_objects import (
    ATTRIBUTION,
    PREFIX,
    VERSION,
    ActorType,
    Counter,
    Detection,
    DisarmObject,
    Framework,
    Item,
    MatrixPhase,
    MatrixTactic,
    MatrixTechnique,
    MetaTechnique,
    Phase,
    ResponseType,
    RetiredTechnique,
    T,
    Tactic,
    Technique,
    normalize_id,
)
from cdnet.errors import BadInput, NotFound

__all__ = [
    "ATTRIBUTION",
    "PREFIX",
    "VERSION",
    "ActorType",
    "Counter",
    "Detection",
    "Disarm",
    "DisarmObject",
    "Framework",
    "Item",
    "MatrixPhase",
    "MatrixTactic",
    "MatrixTechnique",
    "MetaTechnique",
    "Phase",
    "ResponseType",
    "RetiredTechnique",
    "Tactic",
    "Technique",
    "as_dict",
    "load",
    "load_from",
    "normalize_id",
]


def as_dict(item: Item) -> dict[str, object]:
    """Plain JSON-ready fields of one object, with kind, framework and qualified id."""
    data: dict[str, object] = {"id": item.id, "qualified_id": item.qualified_id}
    data.update(kind=item.kind, framework=item.framework, retired=item.retired)
    data.update(asdict(item))
    return data


class Disarm:
    """All DISARM objects by id, the links between them, and what was wrong with the data."""

    def __init__(
        self,
        items: Iterable[Item],
        counter_links: Iterable[tuple[str, str]],
        detection_links: Iterable[tuple[str, str]],
        problems: Iterable[str] = (),
    ) -> None:
        self._items: dict[str, Item] = {item.id: item for item in items}
        self._counters_of, self._techniques_of_counter = _index(counter_links)
        self._detections_of, self._techniques_of_detection = _index(detection_links)
        self.problems: tuple[str, ...] = tuple(problems)

    def _all(self, cls: type[T]) -> tuple[T, ...]:
        return tuple(item for item in self._items.values() if isinstance(item, cls))

    @property
    def phases(self) -> tuple[Phase, ...]:
        return tuple(sorted(self._all(Phase), key=lambda p: p.rank))

    @property
    def tactics(self) -> tuple[Tactic, ...]:
        return tuple(sorted(self._all(Tactic), key=lambda t: t.rank))

    @property
    def techniques(self) -> tuple[Technique, ...]:
        return self._all(Technique)

    @property
    def retired_techniques(self) -> tuple[RetiredTechnique, ...]:
        return self._all(RetiredTechnique)

    @property
    def counters(self) -> tuple[Counter, ...]:
        return self._all(Counter)

    @property
    def detections(self) -> tuple[Detection, ...]:
        return self._all(Detection)

    @property
    def actor_types(self) -> tuple[ActorType, ...]:
        return self._all(ActorType)

    def find(self, raw_id: str) -> Item | None:
        """Any object by id (``T0097.202`` or ``DISARM:T0097.202``), or None."""
        return self._items.get(normalize_id(raw_id))

    def get(self, raw_id: str) -> Item:
        """Any object by id (``T0097.202`` or ``DISARM:T0097.202``); NotFound names close ids."""
        item = self.find(raw_id)
        if item is None:
            raise NotFound(self._not_found_message(raw_id))
        return item

    def _typed(self, raw_id: str, cls: type[T]) -> T:
        item = self.get(raw_id)
        if isinstance(item, RetiredTechnique) and cls is Technique:
            n = len(self._counters_of.get(item.id, ()))
            raise NotFound(
                f"{item.id} was retired from DISARM Red (v{VERSION}); it was called "
                f"{item.name!r} and {n} counter(s) still link to it"
            )
        if not isinstance(item, cls):
            raise NotFound(f"{item.id} is a DISARM {item.kind}, not a {cls.kind}")
        return item

    def technique(self, raw_id: str) -> Technique:
        return self._typed(raw_id, Technique)

    def tactic(self, raw_id: str) -> Tactic:
        return self._typed(raw_id, Tactic)

    def phase(self, raw_id: str) -> Phase:
        return self._typed(raw_id, Phase)

    def counter(self, raw_id: str) -> Counter:
        return self._typed(raw_id, Counter)

    def detection(self, raw_id: str) -> Detection:
        return self._typed(raw_id, Detection)

    def _technique_or_retired(self, raw_id: str) -> Technique | RetiredTechnique:
        item = self.get(raw_id)
        if not isinstance(item, Technique | RetiredTechnique):
            raise NotFound(f"{item.id} is a DISARM {item.kind}, not a technique")
        return item

    def is_valid_technique(self, raw_id: str) -> bool:
        """True for a current (not retired) Red technique or sub-technique id."""
        return isinstance(self._items.get(normalize_id(raw_id)), Technique)

    def subtechniques(self, technique_id: str) -> tuple[Technique, ...]:
        parent = self.technique(technique_id).id
        return tuple(t for t in self.techniques if t.parent_id == parent)

    def counters_for(
        self, technique_id: str, *, include_subtechniques: bool = False
    ) -> tuple[Counter, ...]:
        """Counters linked to a technique (also to a retired one), in id order."""
        item = self._technique_or_retired(technique_id)
        ids = set(self._counters_of.get(item.id, ()))
        if include_subtechniques and isinstance(item, Technique):
            for sub in self.subtechniques(item.id):
                ids.update(self._counters_of.get(sub.id, ()))
        return tuple(self.counter(cid) for cid in sorted(ids))

    def techniques_for_counter(self, counter_id: str) -> tuple[Technique, ...]:
        """Current techniques a counter addresses (its retired links: see the next method)."""
        ids = self._techniques_of_counter.get(self.counter(counter_id).id, ())
        return tuple(t for t in map(self._items.__getitem__, ids) if isinstance(t, Technique))

    def retired_techniques_for_counter(self, counter_id: str) -> tuple[RetiredTechnique, ...]:
        ids = self._techniques_of_counter.get(self.counter(counter_id).id, ())
        items = map(self._items.__getitem__, ids)
        return tuple(t for t in items if isinstance(t, RetiredTechnique))

    def detections_for(self, technique_id: str) -> tuple[Detection, ...]:
        ids = self._detections_of.get(self._technique_or_retired(technique_id).id, ())
        return tuple(self.detection(fid) for fid in sorted(ids))

    def techniques_for_detection(
        self, detection_id: str
    ) -> tuple[Technique | RetiredTechnique, ...]:
        ids = self._techniques_of_detection.get(self.detection(detection_id).id, ())
        items = map(self._items.__getitem__, ids)
        return tuple(t for t in items if isinstance(t, Technique | RetiredTechnique))

    def search(self, text: str, limit: int = 20) -> list[Item]:
        """Case-insensitive search over id, name and summary; id and name hits rank first."""
        query = text.strip().casefold()
        words = normalize_id(text).casefold().split()
        if not words:
            return []
        hits: list[tuple[int, int, Item]] = []
        for order, item in enumerate(self._items.values()):
            rank = _rank(item, query, words)
            if rank is not None and not (item.retired and rank > 0):
                hits.append((rank, order, item))
        hits.sort(key=lambda hit: hit[:2])
        return [item for _, _, item in hits[: max(limit, 0)]]

    def matrix(self) -> tuple[MatrixPhase, ...]:
        """Phases by rank -> tactics by rank -> parent techniques (id order) with sub-techniques."""
        children: dict[str, list[Technique]] = defaultdict(list)
        parents: dict[str, list[Technique]] = defaultdict(list)
        for t in self.techniques:
            if t.parent_id is not None and t.parent_id in self._items:
                children[t.parent_id].append(t)
            else:
                parents[t.tactic_id].append(t)

        def cell(t: Technique) -> MatrixTechnique:
            counters = self.counters_for(t.id, include_subtechniques=True)
            return MatrixTechnique(t, tuple(children[t.id]), counters)

        def column(tactic: Tactic) -> MatrixTactic:
            cells = sorted(parents[tactic.id], key=lambda t: t.id)
            return MatrixTactic(tactic, tuple(cell(t) for t in cells))

        return tuple(
            MatrixPhase(p, tuple(column(t) for t in self.tactics if t.phase_id == p.id))
            for p in self.phases
        )

    def _not_found_message(self, raw_id: str) -> str:
        wanted = normalize_id(raw_id)
        ids = list(self._items)
        close = [i for i in ids if wanted and i.startswith(wanted)][:5]
        close += difflib.get_close_matches(wanted, ids, n=5, cutoff=0.6)
        named = self.search(raw_id, limit=5)
        close += [i.id for i in named if raw_id.strip().casefold() in i.name.casefold()]
        unique = list(dict.fromkeys(close))[:5]
        hint = f"; closest: {', '.join(unique)}" if unique else ""
        return f"no DISARM object with id {raw_id.strip()!r}{hint}"


def _index(
    links: Iterable[tuple[str, str]],
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(blue id, technique id) pairs -> technique->blue ids and blue id->technique ids."""
    by_technique: dict[str, list[str]] = defaultdict(list)
    by_blue: dict[str, list[str]] = defaultdict(list)
    for blue_id, technique_id in links:
        if blue_id not in by_technique[technique_id]:
            by_technique[technique_id].append(blue_id)
            by_blue[blue_id].append(technique_id)
    return (
        {k: tuple(v) for k, v in by_technique.items()},
        {k: tuple(v) for k, v in by_blue.items()},
    )


def _rank(item: Item, query: str, words: list[str]) -> int | None:
    ident, name = item.id.casefold(), item.name.casefold()
    if normalize_id(query).casefold() == ident:
        return 0
    if query in name:
        return 1
    if all(w in ident or w in name for w in words):
        return 2
    summary = item.summary.casefold()
    if all(w in ident or w in name or w in summary for w in words):
        return 3
    return None


# ---------------------------------------------------------------- loading

Rows = list[dict[str, str]]
_BASE = "disarm_id name summary"
_REQUIRED = {  # file -> columns the loader needs
    "phases.csv": f"{_BASE} rank",
    "tactics.csv": f"{_BASE} phase_id rank",
    "techniques.csv": f"{_BASE} tactic_id",
    "countermeasures.csv": f"{_BASE} metatechnique tactic techniques",
    "detections.csv": f"{_BASE} tactic responsetype techniques",
    "actortypes.csv": _BASE,
    "metatechniques.csv": _BASE,
    "responsetypes.csv": _BASE,
    "countermeasure_technique_map.csv": "countermeasure_id technique_id",
    "detection_technique_map.csv": "detection_id technique_id",
}
_OLD_NAME = re.compile(r"(T\d{4}(?:\.\d{3})?) - (.*?)(?=\s+(?:T\d{4}|TA\d{2})\b|$)", re.S)
_BR = re.compile(r"\s*<br\s*/?>\s*", re.I)


@functools.cache
def load() -> Disarm:
    """The DISARM frameworks shipped with cdnet (read once per process)."""
    return load_from(resources.files("cdnet") / "data" / "disarm")


def load_from(folder: Traversable | Path) -> Disarm:
    """Read a folder laid out like ``cdnet/data/disarm`` (e.g. a newer DISARM release)."""
    tables = {name: _read(folder, name, columns) for name, columns in _REQUIRED.items()}
    items: list[Item] = [*_red(tables), *_blue(tables)]
    known = {item.id for item in items}
    counter_links = _pairs(tables["countermeasure_technique_map.csv"], "countermeasure_id")
    detection_links = _pairs(tables["detection_technique_map.csv"], "detection_id")
    old_names = _old_names(tables)
    problems = []
    for file, links in (
        ("countermeasure_technique_map.csv", counter_links),
        ("detection_technique_map.csv", detection_links),
    ):
        if gone := sorted({tid for _, tid in links if tid not in known}):
            problems.append(
                f"{file}: {len(gone)} technique ids are not in DISARM Red v{VERSION} "
                f"(retired or renumbered; links kept, marked retired): {', '.join(gone)}"
            )
    retired = sorted({tid for _, tid in (*counter_links, *detection_links)} - known)
    items += [RetiredTechnique(id=tid, name=old_names.get(tid, "(unknown)")) for tid in retired]
    return Disarm(items, counter_links, detection_links, problems)


def _read(folder: Traversable | Path, name: str, columns: str) -> Rows:
    try:
        text = folder.joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(f"no such file in the DISARM folder {folder}", file=name) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns.split() if c not in (reader.fieldnames or ())]
    if missing:
        raise BadInput(f"missing column(s) {', '.join(missing)}", file=name, row=1)
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _pairs(rows: Rows, blue_column: str) -> list[tuple[str, str]]:
    return [(r[blue_column].upper(), r["technique_id"].upper()) for r in rows]


def _ids(pattern: str, text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(re.findall(pattern, text)))


def _first(pattern: str, text: str) -> str | None:
    found = _ids(pattern, text)
    return found[0] if found else None


class _Base(TypedDict):
    id: str
    name: str
    summary: str


def _base(row: Mapping[str, str]) -> _Base:
    summary = _BR.sub("\n", row["summary"]).strip()
    return _Base(id=row["disarm_id"], name=row["name"], summary=summary)


def _red(tables: Mapping[str, Rows]) -> list[Item]:
    items: list[Item] = [Phase(**_base(r), rank=int(r["rank"])) for r in tables["phases.csv"]]
    items += [
        Tactic(**_base(r), phase_id=r["phase_id"], rank=int(r["rank"]))
        for r in tables["tactics.csv"]
    ]
    for r in tables["techniques.csv"]:
        parent = r["disarm_id"].split(".")[0] if "." in r["disarm_id"] else None
        items.append(Technique(**_base(r), tactic_id=r["tactic_id"], parent_id=parent))
    return items


def _blue(tables: Mapping[str, Rows]) -> list[Item]:
    items: list[Item] = []
    for r in tables["countermeasures.csv"]:
        items.append(
            Counter(
                **_base(r),
                metatechnique_ids=_ids(r"M\d{3}", r["metatechnique"]),
                tactic_id=_first(r"TA\d{2}", r["tactic"]),
                responsetype_id=_first(r"D\d{2}", r.get("responsetype", "")),
                actortype_ids=_ids(r"A\d{3}", r.get("actortypes", "")),
            )
        )
    for r in tables["detections.csv"]:
        tactic, response = _first(r"TA\d{2}", r["tactic"]), _first(r"D\d{2}", r["responsetype"])
        items.append(Detection(**_base(r), tactic_id=tactic, responsetype_id=response))
    items += [ActorType(**_base(r)) for r in tables["actortypes.csv"]]
    items += [MetaTechnique(**_base(r)) for r in tables["metatechniques.csv"]]
    items += [ResponseType(**_base(r)) for r in tables["responsetypes.csv"]]
    return items


def _old_names(tables: Mapping[str, Rows]) -> dict[str, str]:
    """Technique names as the Blue framework wrote them (the only record of retired ids)."""
    names: dict[str, str] = {}
    for file in ("countermeasures.csv", "detections.csv"):
        for row in tables[file]:
            for match in _OLD_NAME.finditer(row["techniques"]):
                tid, name = match.group(1), match.group(2).strip()
                if len(name) > len(names.get(tid, "")):
                    names[tid] = name
    return names
