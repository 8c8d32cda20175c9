"""Operations on the network: organisations, members, recipients, API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import asdict, dataclass, field
from dataclasses import fields as dataclass_fields
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cdnet.audit.log import record
from cdnet.dispatch.pgp import check_key
from cdnet.dispatch.tlp import allows as tlp_allows
from cdnet.errors import BadInput, NotFound
from cdnet.network.countries import normalise_country
from cdnet.network.models import (
    ApiToken,
    ChannelKind,
    Member,
    Organisation,
    Recipient,
    RecipientCategory,
    RecipientChannel,
    Role,
)

TOKEN_PREFIX = "cdn_"  # noqa: S105 - a marker, not a secret


def add_organisation(
    name: str, country: str, short_name: str = "", joined_on: dt.date | None = None
) -> Organisation:
    """Add a member organisation; without ``joined_on`` it counts from the day it was added."""
    code = normalise_country(country)
    if len(code) != 2 or not code.isalpha():
        raise BadInput(f"country must be a two-letter ISO code, got {country!r}", field="country")
    if Organisation.objects.filter(name=name).exists():
        raise BadInput(f"an organisation named {name!r} already exists", field="name")
    with transaction.atomic():
        org = Organisation.objects.create(
            name=name, country=code, short_name=short_name, joined_on=joined_on
        )
        record(None, "create", org, f"organisation {org.name} ({org.country})")
    return org


def set_membership_dates(
    obj: Organisation | Member,
    joined_on: dt.date | None,
    left_on: dt.date | None,
    actor: User | None = None,
) -> Organisation | Member:
    """When an organisation or a person joined and left the network (None: not recorded /
    still a member); audited with the dates before and after."""
    if joined_on and left_on and left_on < joined_on:
        raise BadInput("one cannot leave before joining", field="left_on")
    before = [str(obj.joined_on or ""), str(obj.left_on or "")]
    with transaction.atomic():
        obj.joined_on, obj.left_on = joined_on, left_on
        obj.save(update_fields=["joined_on", "left_on"])
        after = [str(joined_on or ""), str(left_on or "")]
        details = {"joined_on": [before[0], after[0]], "left_on": [before[1], after[1]]}
        record(actor, "change", obj, f"membership dates of {obj}", details)
    return obj


def find_organisation(name: str) -> Organisation:
    org = Organisation.objects.filter(name=name).first() or (
        Organisation.objects.filter(short_name=name).first()
    )
    if org is None:
        raise NotFound(f"no organisation named {name!r} (see `cdnet org list`)")
    return org


def add_member(
    username: str,
    organisation: Organisation,
    role: str,
    password: str | None = None,
    email: str = "",
    joined_on: dt.date | None = None,
) -> Member:
    if role not in Role.values:
        raise BadInput(f"role must be one of {', '.join(Role.values)}, got {role!r}", field="role")
    user_model = get_user_model()
    try:
        with transaction.atomic():
            user = user_model.objects.create_user(username=username, email=email, password=password)
            if role == Role.ADMIN:
                user.is_staff = True
                user.is_superuser = True
                user.save()
            member = Member.objects.create(
                user=user, organisation=organisation, role=role, joined_on=joined_on
            )
            record(None, "create", member, f"member {username} ({role}) at {organisation.name}")
            return member
    except IntegrityError as exc:
        raise BadInput(f"a user named {username!r} already exists", field="username") from exc


def find_user(username: str) -> User:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFound(f"no user named {username!r} (see `cdnet user list`)")
    return user


def role_of(user: User | AnonymousUser) -> str | None:
    """The member's role; a superuser without a membership counts as admin."""
    if not user.is_authenticated:
        return None
    member = Member.objects.filter(user_id=user.pk).first()
    if member is not None:
        return member.role
    return Role.ADMIN.value if getattr(user, "is_superuser", False) else None


def organisation_of(user: User | AnonymousUser) -> Organisation | None:
    if not user.is_authenticated:
        return None
    member = Member.objects.filter(user_id=user.pk).select_related("organisation").first()
    return member.organisation if member else None


@dataclass
class RecipientFields:
    """Everything the directory keeps about a recipient; :meth:`check` validates and normalises."""

    name: str
    category: str
    email: str
    country: str = ""
    role: str = ""
    platform: str = ""
    is_rrs_contact: bool = False
    languages: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    max_tlp: str = "AMBER"
    pgp_key: str = ""
    active: bool = True

    def check(self) -> None:
        self.name = self.name.strip()
        if not self.name:
            raise BadInput("a recipient needs a name", field="name")
        if self.category not in RecipientCategory.values:
            shown = ", ".join(RecipientCategory.values)
            raise BadInput(
                f"category must be one of {shown}, got {self.category!r}", field="category"
            )
        self.email = check_email(self.email)
        self.country = _country(self.country, "country") if self.country.strip() else ""
        self.countries = [_country(c, "countries") for c in self.countries if c.strip()]
        self.languages = [_language(code) for code in self.languages if code.strip()]
        self.topics = sorted({t.strip().lower() for t in self.topics if t.strip()})
        self.platform = self.platform.strip().lower()
        self.max_tlp = self.max_tlp.strip().upper().removeprefix("TLP:")
        if self.max_tlp not in TLP_LEVELS:
            raise BadInput(f"max TLP must be one of {', '.join(TLP_LEVELS)}", field="max_tlp")
        if self.is_rrs_contact and not self.platform:
            raise BadInput(
                "an RRS contact point belongs to a platform: give --platform", field="platform"
            )
        if self.pgp_key.strip():
            check_key(self.pgp_key)
            self.pgp_key = self.pgp_key.strip() + "\n"


TLP_LEVELS = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def check_email(address: str) -> str:
    value = address.strip()
    local, _, domain = value.rpartition("@")
    if not local or "." not in domain or any(ch.isspace() for ch in value):
        raise BadInput(f"not an e-mail address: {address!r}", field="email")
    return value


def _country(code: str, name: str) -> str:
    value = normalise_country(code)
    if len(value) != 2 or not value.isalpha():
        raise BadInput(f"not a two-letter ISO country code: {code!r}", field=name)
    return value


def _language(code: str) -> str:
    value = code.strip().replace("_", "-")
    value = value.split("-", 1)[0].lower() + value[len(value.split("-", 1)[0]) :]
    if not _LANGUAGE.match(value):
        raise BadInput(f"not a language code (like en, fr, de-AT): {code!r}", field="languages")
    return value


def check_webhook_url(url: str) -> str:
    """https:// anywhere; plain http:// only to this machine (local receivers and tests)."""
    parts = urlsplit(url.strip())
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if not parts.hostname or not (parts.scheme == "https" or (parts.scheme == "http" and local)):
        raise BadInput(f"a webhook needs an https:// URL, got {url!r}", field="address")
    return url.strip()


def create_recipient(fields: RecipientFields, actor: User | None = None) -> Recipient:
    """Add a recipient (validated). Its e-mail address is its default channel; webhooks and
    further addresses are added with :func:`add_channel`."""
    fields.check()
    if Recipient.objects.filter(name=fields.name, email=fields.email).exists():
        raise BadInput(f"{fields.name} <{fields.email}> is already a recipient", field="name")
    with transaction.atomic():
        recipient = Recipient.objects.create(**asdict(fields))
        record(actor, "create", recipient, f"recipient {recipient}")
    return recipient


def add_recipient(
    name: str, category: str, email: str, country: str = "", **details: Any
) -> Recipient:
    """The recipient named so with this address, created (with ``details``) if it is new."""
    existing = Recipient.objects.filter(name=name.strip(), email=email.strip()).first()
    if existing is not None:
        return existing
    return create_recipient(RecipientFields(name, category, email, country, **details))


def fields_of(recipient: Recipient) -> RecipientFields:
    names = [f.name for f in dataclass_fields(RecipientFields)]
    return RecipientFields(**{name: getattr(recipient, name) for name in names})


def update_recipient(recipient: Recipient, actor: User | None, **changes: Any) -> Recipient:
    """Change some of a recipient's fields (validated like a new one)."""
    fields = fields_of(recipient)
    unknown = set(changes) - set(asdict(fields))
    if unknown:
        raise BadInput(f"unknown recipient fields: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(fields, name, value)
    fields.check()
    with transaction.atomic():
        for name, value in asdict(fields).items():
            setattr(recipient, name, value)
        recipient.save()
        record(
            actor,
            "change",
            recipient,
            f"recipient {recipient} changed",
            {"fields": sorted(changes)},
        )
    return recipient


def deactivate_recipient(recipient: Recipient, actor: User | None) -> Recipient:
    """Recipients are never deleted (the dispatch log names them); they stop receiving."""
    return update_recipient(recipient, actor, active=False)


def add_channel(
    recipient: Recipient, kind: str, address: str, secret: str = "", actor: User | None = None
) -> tuple[RecipientChannel, str]:
    """Add an e-mail or webhook channel; returns it and, for webhooks, the HMAC secret in use."""
    if kind == ChannelKind.EMAIL:
        address, secret = check_email(address), ""
    elif kind == ChannelKind.WEBHOOK:
        address = check_webhook_url(address)
        secret = secret.strip() or secrets.token_hex(32)
        if len(secret) < 16:
            raise BadInput("a webhook secret needs at least 16 characters", field="secret")
    else:
        raise BadInput(f"channel kind must be email or webhook, got {kind!r}", field="kind")
    if recipient.channels.filter(kind=kind, address=address).exists():
        raise BadInput(
            f"{recipient.name} already has the {kind} channel {address}", field="address"
        )
    with transaction.atomic():
        channel = RecipientChannel.objects.create(
            recipient=recipient, kind=kind, address=address, secret=secret
        )
        record(actor, "create", channel, f"{kind} channel for {recipient.name}")
    return channel, secret


def find_recipient(ref: str) -> Recipient:
    """A recipient by id or by exact name."""
    recipient = (
        Recipient.objects.filter(pk=int(ref)).first()
        if ref.isdigit()
        else Recipient.objects.filter(name=ref).first()
    )
    if recipient is None:
        raise NotFound(f"no recipient {ref!r} (see `cdnet recipient list`)")
    return recipient


@dataclass(frozen=True)
class RecipientFilter:
    """Filters of the directory; JSON list fields are matched in Python (SQLite has no contains)."""

    category: str = ""
    country: str = ""
    platform: str = ""
    topic: str = ""
    language: str = ""
    tlp: str = ""  # recipients cleared for at least this level
    text: str = ""
    include_inactive: bool = False

    def matches(self, r: Recipient) -> bool:
        covered = {normalise_country(c) for c in r.countries} | {r.country}
        checks = (
            not self.country or normalise_country(self.country) in covered,
            not self.platform or r.platform == self.platform.strip().lower(),
            not self.topic or self.topic.strip().lower() in r.topics,
            not self.language or self.language.strip().lower() in [x.lower() for x in r.languages],
            not self.tlp or tlp_allows(r.max_tlp, self.tlp.strip().upper()),
        )
        return all(checks)


def list_recipients(flt: RecipientFilter | None = None) -> list[Recipient]:
    flt = flt or RecipientFilter()
    qs = Recipient.objects.prefetch_related("channels")
    if not flt.include_inactive:
        qs = qs.filter(active=True)
    if flt.category:
        qs = qs.filter(category=flt.category)
    if flt.text.strip():
        qs = qs.filter(Q(name__icontains=flt.text.strip()) | Q(email__icontains=flt.text.strip()))
    return [r for r in qs if flt.matches(r)]


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(user: User, name: str = "cli") -> str:
    """Create an API token and return its secret; only the hash is kept."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=raw[:10], token_hash=_hash(raw)
        )
        record(user, "create", token, f"API token {token.prefix}… for {user.get_username()}")
    return raw


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.filter(token_hash=_hash(raw), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
