"""The recipient directory (CRUD, channels) and routing suggestions for an alert.

Members read; coordinators and admins write. Recipients are never deleted (the dispatch log names
them): DELETE deactivates.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.responses import Status

from cdnet.cases.models import Alert
from cdnet.cases.visibility import visible_alerts
from cdnet.cases.workflow import DISPATCHER_ROLES
from cdnet.dispatch.pgp import fingerprint
from cdnet.dispatch.routing import Suggestion, route
from cdnet.errors import NotAllowed
from cdnet.network.models import Recipient
from cdnet.network.services import (
    RecipientFields,
    RecipientFilter,
    add_channel,
    create_recipient,
    deactivate_recipient,
    list_recipients,
    role_of,
    update_recipient,
)

router = Router(tags=["recipients"])


class RecipientIn(Schema):
    name: str
    category: str
    email: str
    country: str = ""
    role: str = ""
    platform: str = ""
    is_rrs_contact: bool = False
    languages: list[str] = []
    countries: list[str] = []
    topics: list[str] = []
    max_tlp: str = "AMBER"
    pgp_key: str = ""


class RecipientPatch(Schema):
    """Only the fields given change."""

    name: str | None = None
    category: str | None = None
    email: str | None = None
    country: str | None = None
    role: str | None = None
    platform: str | None = None
    is_rrs_contact: bool | None = None
    languages: list[str] | None = None
    countries: list[str] | None = None
    topics: list[str] | None = None
    max_tlp: str | None = None
    pgp_key: str | None = None
    active: bool | None = None


class ChannelOut(Schema):
    id: int
    kind: str
    address: str
    active: bool


class RecipientDetailOut(Schema):
    id: int
    name: str
    category: str
    email: str
    country: str
    role: str
    platform: str
    is_rrs_contact: bool
    languages: list[str]
    countries: list[str]
    topics: list[str]
    max_tlp: str
    active: bool
    pgp_fingerprint: str
    channels: list[ChannelOut]


class ChannelIn(Schema):
    kind: str  # email | webhook
    address: str
    secret: str = ""


class ChannelCreatedOut(ChannelOut):
    #: the webhook's HMAC key, returned once (empty for e-mail channels)
    secret: str


class RecipientQuery(Schema):
    category: str = ""
    country: str = ""
    platform: str = ""
    topic: str = ""
    language: str = ""
    tlp: str = ""
    q: str = ""
    inactive: bool = False


class SuggestionOut(Schema):
    recipient_id: int
    name: str
    category: str
    max_tlp: str
    reasons: list[str]
    excluded_because: str


class RoutingOut(Schema):
    alert_id: int
    tlp: str
    suggested: list[SuggestionOut]
    excluded: list[SuggestionOut]


def _member(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or role_of(user) is None:
        raise NotAllowed("only members of the network may read the recipient directory")
    return user


def _coordinator(request: HttpRequest) -> User:
    user = _member(request)
    if role_of(user) not in DISPATCHER_ROLES:
        raise NotAllowed("only a coordinator or an admin can change the recipient directory")
    return user


def _out(r: Recipient) -> dict[str, Any]:
    names = [f for f in RecipientDetailOut.model_fields if f not in ("pgp_fingerprint", "channels")]
    data: dict[str, Any] = {name: getattr(r, name) for name in names}
    data["pgp_fingerprint"] = fingerprint(r.pgp_key)
    data["channels"] = [
        {"id": c.pk, "kind": c.kind, "address": c.address, "active": c.active}
        for c in r.channels.order_by("kind", "pk")
    ]
    return data


@router.get("/recipients", response=list[RecipientDetailOut], summary="The recipient directory")
def recipients(request: HttpRequest, filters: Query[RecipientQuery]) -> list[dict[str, Any]]:
    _member(request)
    flt = RecipientFilter(
        filters.category, filters.country, filters.platform, filters.topic, filters.language,
        filters.tlp, filters.q, filters.inactive,
    )  # fmt: skip
    return [_out(r) for r in list_recipients(flt)]


@router.post("/recipients", response={201: RecipientDetailOut}, summary="Add a recipient")
def recipient_create(request: HttpRequest, body: RecipientIn) -> Status[dict[str, Any]]:
    user = _coordinator(request)
    recipient = create_recipient(RecipientFields(**body.model_dump()), user)
    return Status(201, _out(recipient))


@router.get("/recipients/{recipient_id}", response=RecipientDetailOut, summary="One recipient")
def recipient_get(request: HttpRequest, recipient_id: int) -> dict[str, Any]:
    _member(request)
    return _out(get_object_or_404(Recipient, pk=recipient_id))


@router.patch("/recipients/{recipient_id}", response=RecipientDetailOut, summary="Change one")
def recipient_patch(
    request: HttpRequest, recipient_id: int, body: RecipientPatch
) -> dict[str, Any]:
    user = _coordinator(request)
    recipient = get_object_or_404(Recipient, pk=recipient_id)
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    return _out(update_recipient(recipient, user, **changes))


@router.delete(
    "/recipients/{recipient_id}", response=RecipientDetailOut, summary="Deactivate a recipient"
)
def recipient_delete(request: HttpRequest, recipient_id: int) -> dict[str, Any]:
    user = _coordinator(request)
    return _out(deactivate_recipient(get_object_or_404(Recipient, pk=recipient_id), user))


@router.post(
    "/recipients/{recipient_id}/channels",
    response={201: ChannelCreatedOut},
    summary="Add an e-mail or webhook channel",
)
def channel_create(
    request: HttpRequest, recipient_id: int, body: ChannelIn
) -> Status[dict[str, Any]]:
    user = _coordinator(request)
    recipient = get_object_or_404(Recipient, pk=recipient_id)
    channel, secret = add_channel(recipient, body.kind, body.address, body.secret, user)
    out = {"id": channel.pk, "kind": channel.kind, "address": channel.address, "active": True}
    return Status(201, {**out, "secret": secret})


def _suggestion(s: Suggestion) -> dict[str, Any]:
    r = s.recipient
    return {
        "recipient_id": r.pk, "name": r.name, "category": r.category, "max_tlp": r.max_tlp,
        "reasons": list(s.reasons), "excluded_because": s.excluded_because,
    }  # fmt: skip


@router.get(
    "/alerts/{alert_id}/routing",
    response=RoutingOut,
    summary="Suggested recipients of an alert, with reasons; those excluded by TLP",
)
def alert_routing(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    user = _member(request)
    alert = get_object_or_404(visible_alerts(user, Alert.objects.all()), pk=alert_id)
    routing = route(alert)
    return {
        "alert_id": alert.pk,
        "tlp": alert.tlp,
        "suggested": [_suggestion(s) for s in routing.suggested],
        "excluded": [_suggestion(s) for s in routing.excluded],
    }
