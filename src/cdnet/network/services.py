"""Operations on the network: organisations, members, recipients, API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.utils import timezone

from cdnet.audit.log import record
from cdnet.errors import BadInput, NotFound
from cdnet.network.countries import normalise_country
from cdnet.network.models import (
    ApiToken,
    Member,
    Organisation,
    Recipient,
    RecipientCategory,
    Role,
)

TOKEN_PREFIX = "cdn_"  # noqa: S105 - a marker, not a secret


def add_organisation(name: str, country: str, short_name: str = "") -> Organisation:
    code = normalise_country(country)
    if len(code) != 2 or not code.isalpha():
        raise BadInput(f"country must be a two-letter ISO code, got {country!r}", field="country")
    if Organisation.objects.filter(name=name).exists():
        raise BadInput(f"an organisation named {name!r} already exists", field="name")
    with transaction.atomic():
        org = Organisation.objects.create(name=name, country=code, short_name=short_name)
        record(None, "create", org, f"organisation {org.name} ({org.country})")
    return org


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
            member = Member.objects.create(user=user, organisation=organisation, role=role)
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


def add_recipient(name: str, category: str, email: str, country: str = "") -> Recipient:
    if category not in RecipientCategory.values:
        raise BadInput(
            f"category must be one of {', '.join(RecipientCategory.values)}, got {category!r}",
            field="category",
        )
    if "@" not in email:
        raise BadInput(f"not an e-mail address: {email!r}", field="email")
    with transaction.atomic():
        recipient, created = Recipient.objects.get_or_create(
            name=name,
            email=email,
            defaults={
                "category": category,
                "country": normalise_country(country) if country else "",
            },
        )
        if created:
            record(None, "create", recipient, f"recipient {recipient}")
    return recipient


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
