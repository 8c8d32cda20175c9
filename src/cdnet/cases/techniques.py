"""Technique ids used by findings and alerts, stored with their framework."""

from __future__ import annotations

from collections.abc import Iterable

from cdnet.analysis.reference import disarm
from cdnet.cases.models import Technique
from cdnet.errors import BadInput, NotFound

FRAMEWORK = "DISARM"


def resolve_techniques(ids: Iterable[str], strict: bool) -> list[Technique]:
    """Rows for DISARM technique ids (``T0049`` or ``DISARM:T0049``).

    With ``strict`` an id that is not in the shipped framework is an error; without it (detector
    output) the id is kept with an empty name, so nothing a detector said is lost.
    """
    framework = disarm.load()
    rows: list[Technique] = []
    for raw in ids:
        tid = disarm.normalize_id(str(raw))
        if not tid:
            continue
        try:
            name = framework.technique(tid).name
        except NotFound as exc:
            if strict:
                raise BadInput(str(exc), field="techniques") from exc
            name = ""
        row, _ = Technique.objects.get_or_create(
            framework=FRAMEWORK, external_id=tid, defaults={"name": name}
        )
        if row not in rows:
            rows.append(row)
    return rows


def resolve_counters(ids: Iterable[str]) -> list[Technique]:
    """Rows for DISARM Blue counter ids (``C00012``); an unknown id is an error."""
    framework = disarm.load()
    rows: list[Technique] = []
    for raw in ids:
        cid = disarm.normalize_id(str(raw))
        if not cid:
            continue
        try:
            name = framework.counter(cid).name
        except NotFound as exc:
            raise BadInput(str(exc), field="counters") from exc
        row, _ = Technique.objects.get_or_create(
            framework=FRAMEWORK, external_id=cid, defaults={"name": name}
        )
        if row not in rows:
            rows.append(row)
    return rows
