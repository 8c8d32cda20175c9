"""Advocacy and capacity records: one generic path to create, read, list and correct them.

Each kind of record has a fields dataclass (in :mod:`cdnet.impact.advocacy` and
:mod:`cdnet.impact.capacity`) that checks and normalises what a member typed; this module turns
it into a row, with its organisation, its recorder and an audit entry. A correction changes the
row and appends an audit entry with every value before and after; it also withdraws an approval
for publication, since what was approved is no longer what the record says.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Model, QuerySet

from cdnet.audit.log import record
from cdnet.errors import BadInput, NotAllowed, NotFound
from cdnet.impact import checks
from cdnet.impact.models import Reportable
from cdnet.impact.visibility import visible_records
from cdnet.network.services import organisation_of, role_of

R = TypeVar("R", bound=Reportable)


@dataclass(kw_only=True)
class RecordFields:
    """What every record carries besides its own fields: its TLP (default TLP:GREEN)."""

    tlp: str = ""

    #: dataclass field -> (the model's many-to-many attribute, "alerts" | "organisations")
    RELATIONS: ClassVar[dict[str, tuple[str, str]]] = {}

    def scalars(self, user: User) -> dict[str, Any]:
        """The checked values of the model's own columns (TLP excluded)."""
        raise NotImplementedError

    @classmethod
    def of(cls, obj: Any) -> RecordFields:
        """The fields as a row holds them, to correct it."""
        values: dict[str, Any] = {"tlp": obj.tlp}
        for f in dataclasses.fields(cls):
            if f.name in cls.RELATIONS:
                attr = cls.RELATIONS[f.name][0]
                values[f.name] = [r.pk for r in getattr(obj, attr).all()]
            elif f.name != "tlp":
                value = getattr(obj, f.name)
                values[f.name] = value.pk if isinstance(value, Model) else value
        return cls(**values)

    def relations(self, user: User, only: set[str] | None = None) -> dict[str, list[Model]]:
        resolved: dict[str, list[Model]] = {}
        for name, (attr, kind) in self.RELATIONS.items():
            if only is not None and name not in only:
                continue
            refs = getattr(self, name)
            if kind == "alerts":
                resolved[attr] = list(checks.visible_alert_list(user, refs, name))
            else:
                resolved[attr] = list(checks.organisations(refs, name))
        return resolved


@dataclass(frozen=True)
class RecordKind(Generic[R]):
    """One kind of record: its name in URLs and audit entries, its model and fields."""

    name: str
    label: str
    plural: str
    model: type[R]
    fields: type[RecordFields]
    date_field: str


KINDS: dict[str, RecordKind[Any]] = {}


def register(kind: RecordKind[R]) -> RecordKind[R]:
    KINDS[kind.name] = kind
    return kind


def kind_of(fields_or_obj: RecordFields | Reportable) -> RecordKind[Any]:
    for kind in KINDS.values():
        if isinstance(fields_or_obj, kind.fields | kind.model):
            return kind
    raise BadInput(f"not an impact record: {type(fields_or_obj).__name__}")


def find_kind(name: str) -> RecordKind[Any]:
    if name not in KINDS:
        raise NotFound(f"no kind of record {name!r} (one of {', '.join(sorted(KINDS))})")
    return KINDS[name]


def create_record(user: User, fields: RecordFields) -> Any:
    """Check ``fields`` and save them as a new record of their kind; audited."""
    checks.require_member(user)
    kind = kind_of(fields)
    values = fields.scalars(user)
    tlp = checks.tlp_value(fields.tlp)
    relations = fields.relations(user)
    with transaction.atomic():
        obj = kind.model._default_manager.create(
            **values, tlp=tlp, organisation=organisation_of(user), recorded_by=user
        )
        for attr, rows in relations.items():
            getattr(obj, attr).set(rows)
        record(user, "create", obj, f"{kind.name} {obj}"[:500], {"tlp": tlp})
    return obj


def get_record(kind: RecordKind[R], user: User | AnonymousUser, pk: int) -> R:
    """One record ``user`` may read; otherwise NotFound (existence is not revealed)."""
    obj = visible_records(user, kind.model._default_manager.all()).filter(pk=pk).first()
    if obj is None:
        raise NotFound(f"no {kind.label.lower()} {pk}")
    return obj


def list_records(
    kind: RecordKind[R],
    user: User | AnonymousUser,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[R]:
    """The records of a kind ``user`` may read, between two dates (both included)."""
    qs = visible_records(user, kind.model._default_manager.all()).select_related("recorded_by")
    if since is not None:
        qs = qs.filter(**{f"{kind.date_field}__gte": since})
    if until is not None:
        qs = qs.filter(**{f"{kind.date_field}__lte": until})
    return qs.order_by(kind.date_field, "id")


def _may_correct(user: User, obj: Reportable) -> bool:
    if role_of(user) in checks.APPROVER_ROLES or obj.recorded_by_id == user.pk:
        return True
    org = organisation_of(user)
    return org is not None and obj.organisation_id == org.pk


def _shown(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_shown(v) for v in value]
    return value


def correct_record(obj: R, user: User, changes: dict[str, Any]) -> R:
    """Change some fields of a record (checked like a new one); audited with before and after."""
    checks.require_member(user)
    if not _may_correct(user, obj):
        raise NotAllowed("only its recorder, their organisation or a coordinator may correct it")
    kind = kind_of(obj)
    before = kind.fields.of(obj)
    names = {f.name for f in dataclasses.fields(before)}
    unknown = set(changes) - names
    if unknown:
        raise BadInput(f"unknown fields: {', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    after = dataclasses.replace(before, **changes)
    values, tlp = after.scalars(user), checks.tlp_value(after.tlp)
    relations = after.relations(user, only=set(changes))
    diff = {
        n: [_shown(getattr(before, n)), _shown(getattr(after, n))]
        for n in sorted(changes)
        if _shown(getattr(before, n)) != _shown(getattr(after, n))
    }
    with transaction.atomic():
        for name, value in values.items():
            setattr(obj, name, value)
        obj.tlp = tlp
        was_approved = obj.approved_for_publication
        obj.approved_for_publication, obj.approved_by, obj.approved_at = False, None, None
        obj.save()
        for attr, rows in relations.items():
            getattr(obj, attr).set(rows)
        details = {"changed": diff, "approval_withdrawn": was_approved}
        record(user, "change", obj, f"{kind.name} {obj.pk} corrected"[:500], details)
    return obj
