"""Checks shared by every impact record: who may record, dates, TLP, countries, organisations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from cdnet.cases.models import Alert, Tlp
from cdnet.cases.visibility import visible_alerts
from cdnet.errors import BadInput, NotAllowed, NotFound
from cdnet.network.countries import is_iso_country, normalise_country
from cdnet.network.models import Organisation, Role
from cdnet.network.services import find_organisation, organisation_of, role_of

APPROVER_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})


def require_member(user: User | AnonymousUser, what: str = "record impact") -> str:
    """The user's role; only members of the network may record."""
    role = role_of(user)
    if role is None:
        raise NotAllowed(f"only members of the network may {what}")
    return role


def require_approver(user: User | AnonymousUser) -> None:
    if role_of(user) not in APPROVER_ROLES:
        raise NotAllowed("only coordinators and admins approve records for publication")


def today() -> dt.date:
    return timezone.now().date()


def past_date(value: dt.date | str | None, field: str) -> dt.date:
    """A date that is not in the future (ISO text accepted)."""
    day = as_date(value, field)
    if day > today():
        raise BadInput(f"{day.isoformat()} lies in the future", field=field)
    return day


def as_date(value: dt.date | str | None, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError as exc:
        raise BadInput(f"expected a date YYYY-MM-DD, got {value!r}", field=field) from exc


def tlp_value(value: str | None, default: str = Tlp.GREEN) -> str:
    raw = (value or "").strip().upper().removeprefix("TLP:")
    if not raw:
        return default
    if raw not in Tlp.values:
        raise BadInput(f"TLP must be one of {', '.join(Tlp.values)}, got {value!r}", field="tlp")
    return raw


def country(value: str, field: str = "country", *, blank: bool = True) -> str:
    """An ISO 3166-1 alpha-2 code (``EL`` read as ``GR``), or empty when ``blank`` allows."""
    if not value.strip():
        if blank:
            return ""
        raise BadInput("a country is required", field=field)
    if not is_iso_country(value):
        raise BadInput(f"not an ISO 3166-1 country code: {value!r}", field=field)
    return normalise_country(value)


def countries(values: Iterable[str], field: str = "countries") -> list[str]:
    codes: dict[str, None] = {}
    for value in values:
        for part in str(value).replace(",", " ").split():
            codes[country(part, field, blank=False)] = None
    return list(codes)


def text(value: str, field: str, *, required: bool = True, limit: int = 300) -> str:
    clean = (value or "").strip()
    if required and not clean:
        raise BadInput(f"{field.replace('_', ' ')} is required", field=field)
    if len(clean) > limit:
        raise BadInput(f"at most {limit} characters", field=field)
    return clean


def url(value: str, field: str, *, required: bool = False) -> str:
    clean = (value or "").strip()
    if not clean and not required:
        return ""
    parts = urlsplit(clean)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput(f"expected an http(s) URL, got {value!r}", field=field)
    return clean


def visible_alert_list(user: User, ids: Iterable[int], field: str = "alert_ids") -> list[Alert]:
    """The alerts with these ids; an id the user may not read is reported like a missing one."""
    wanted = sorted({int(i) for i in ids})
    found = list(visible_alerts(user).filter(pk__in=wanted))
    missing = set(wanted) - {a.pk for a in found}
    if missing:
        raise BadInput(f"no alerts with ids {sorted(missing)}", field=field)
    return found


def organisation_ref(ref: str | int, field: str = "organisations") -> Organisation:
    """An organisation by id, name or short name."""
    raw = str(ref).strip()
    if raw.isdigit():
        org = Organisation.objects.filter(pk=int(raw)).first()
        if org is not None:
            return org
    try:
        return find_organisation(raw)
    except NotFound as exc:
        raise BadInput(f"no organisation {raw!r}", field=field) from exc


def organisations(refs: Iterable[str | int], field: str = "organisations") -> list[Organisation]:
    found: dict[int, Organisation] = {}
    for ref in refs:
        if str(ref).strip():
            org = organisation_ref(ref, field)
            found[org.pk] = org
    return list(found.values())


def recording_organisation(user: User) -> Organisation | None:
    return organisation_of(user)
