"""The DISARM objects: frozen dataclasses, each with its framework and a qualified id.

Loaded and linked by :mod:`cdnet.analysis.reference.disarm`; import them from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal, TypeVar

VERSION = "1.6"
ATTRIBUTION = (
    "DISARM Red and Blue Frameworks v1.6, (c) DISARM Foundation, CC BY-SA 4.0, "
    "https://www.disarm.foundation/"
)
PREFIX = "DISARM:"
Framework = Literal["disarm-red", "disarm-blue"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DisarmObject:
    """What every DISARM object has; ``framework`` and ``kind`` are class attributes."""

    id: str
    name: str
    summary: str = ""
    framework: ClassVar[Framework] = "disarm-red"
    kind: ClassVar[str] = "object"
    retired: ClassVar[bool] = False

    @property
    def qualified_id(self) -> str:
        return f"{PREFIX}{self.id}"

    @property
    def label(self) -> str:
        return f"{self.id} {self.name}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Phase(DisarmObject):
    rank: int
    kind: ClassVar[str] = "phase"


@dataclass(frozen=True, slots=True, kw_only=True)
class Tactic(DisarmObject):
    phase_id: str
    rank: int
    kind: ClassVar[str] = "tactic"


@dataclass(frozen=True, slots=True, kw_only=True)
class Technique(DisarmObject):
    tactic_id: str
    parent_id: str | None = None
    kind: ClassVar[str] = "technique"

    @property
    def is_subtechnique(self) -> bool:
        return self.parent_id is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class RetiredTechnique(DisarmObject):
    """A technique id that Blue-framework links still use but Red v1.6 no longer has."""

    kind: ClassVar[str] = "retired-technique"
    retired: ClassVar[bool] = True


@dataclass(frozen=True, slots=True, kw_only=True)
class _Blue(DisarmObject):
    framework: ClassVar[Framework] = "disarm-blue"


@dataclass(frozen=True, slots=True, kw_only=True)
class Counter(_Blue):
    metatechnique_ids: tuple[str, ...] = ()
    tactic_id: str | None = None
    responsetype_id: str | None = None
    actortype_ids: tuple[str, ...] = ()
    kind: ClassVar[str] = "counter"

    @property
    def metatechnique_id(self) -> str | None:
        return self.metatechnique_ids[0] if self.metatechnique_ids else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Detection(_Blue):
    tactic_id: str | None = None
    responsetype_id: str | None = None
    kind: ClassVar[str] = "detection"


class ActorType(_Blue):
    __slots__ = ()
    kind: ClassVar[str] = "actor-type"


class MetaTechnique(_Blue):
    __slots__ = ()
    kind: ClassVar[str] = "metatechnique"


class ResponseType(_Blue):
    __slots__ = ()
    kind: ClassVar[str] = "response-type"


Item = DisarmObject  # any of the classes above; narrow with isinstance
T = TypeVar("T", bound=DisarmObject)


@dataclass(frozen=True, slots=True)
class MatrixTechnique:
    """A parent technique in the matrix, its sub-techniques and its (direct) counters."""

    technique: Technique
    subtechniques: tuple[Technique, ...]
    counters: tuple[Counter, ...]


@dataclass(frozen=True, slots=True)
class MatrixTactic:
    tactic: Tactic
    techniques: tuple[MatrixTechnique, ...]


@dataclass(frozen=True, slots=True)
class MatrixPhase:
    phase: Phase
    tactics: tuple[MatrixTactic, ...]


def normalize_id(raw: str) -> str:
    """``" disarm:t0097.202"`` -> ``"T0097.202"``."""
    text = raw.strip()
    if text.upper().startswith(PREFIX):
        text = text[len(PREFIX) :]
    return text.strip().upper()
