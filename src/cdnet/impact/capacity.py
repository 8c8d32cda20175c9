"""Capacity building: workshops, presentations and trainings (DISARM trainings flagged), with
how many people took part and which organisations (members by id or short name, others by
name)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.contrib.auth.models import User

from cdnet.errors import BadInput
from cdnet.impact import checks
from cdnet.impact.models import Event, EventKind
from cdnet.impact.records import RecordFields, RecordKind, register


def _participants(value: int | str) -> int:
    try:
        count = int(value)
    except (TypeError, ValueError) as exc:
        raise BadInput(f"expected a whole number, got {value!r}", field="participants") from exc
    if count < 0:
        raise BadInput("cannot be negative", field="participants")
    return count


@dataclass(kw_only=True)
class EventFields(RecordFields):
    kind: str
    title: str
    held_on: dt.date | str
    country: str = ""
    disarm: bool = False
    participants: int | str = 0
    organisations: list[str | int] = field(default_factory=list)
    external_organisations: list[str] = field(default_factory=list)
    note: str = ""

    RELATIONS: ClassVar[dict[str, tuple[str, str]]] = {
        "organisations": ("organisations", "organisations")
    }

    def scalars(self, user: User) -> dict[str, Any]:
        if self.kind not in EventKind.values:
            raise BadInput(f"kind must be one of {', '.join(EventKind.values)}", field="kind")
        external = [n.strip() for n in self.external_organisations if n.strip()]
        return {
            "kind": self.kind,
            "title": checks.text(self.title, "title"),
            "held_on": checks.past_date(self.held_on, "held_on"),
            "country": checks.country(self.country),
            "disarm": bool(self.disarm),
            "participants": _participants(self.participants),
            "external_organisations": list(dict.fromkeys(external)),
            "note": checks.text(self.note, "note", required=False, limit=10_000),
        }


EVENTS = register(RecordKind("event", "Event", "events", Event, EventFields, "held_on"))
