"""The network: organisations, their members and roles, recipients of alerts, API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cdnet.network.countries import is_eu


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    joined_on = models.DateField(null=True, blank=True, help_text="When it joined the network")
    left_on = models.DateField(null=True, blank=True, help_text="When it left; empty = a member")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_eu(self) -> bool:
        return is_eu(self.country)


class Role(models.TextChoices):
    ANALYST = "analyst", "Analyst"
    REVIEWER = "reviewer", "Reviewer"
    COORDINATOR = "coordinator", "Coordinator"
    ADMIN = "admin", "Admin"


class Member(models.Model):
    """A person of the network: a Django user, the organisation they belong to, their role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ANALYST)
    joined_on = models.DateField(null=True, blank=True, help_text="When the person joined")
    left_on = models.DateField(null=True, blank=True, help_text="When they left")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.organisation}, {self.role})"


class RecipientCategory(models.TextChoices):
    GOVERNMENT = "government", "Government agency"
    EU_INSTITUTION = "eu_institution", "EU institution"
    PLATFORM = "platform", "Platform"
    ADVOCACY = "advocacy", "Advocacy group"
    PRESS = "press", "Press contact"


class Recipient(models.Model):
    """Whom alerts go to: an authority, an EU institution, a platform, an advocacy group."""

    name = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=RecipientCategory.choices)
    email = models.EmailField()
    country = models.CharField(max_length=2, blank=True)
    active = models.BooleanField(default=True)
    role = models.CharField(
        max_length=120,
        blank=True,
        help_text="e.g. Digital Services Coordinator, trust and safety, RRS contact point",
    )
    platform = models.CharField(
        max_length=40, blank=True, help_text="For platform contacts: x, meta, tiktok, youtube, …"
    )
    is_rrs_contact = models.BooleanField(
        default=False, help_text="The platform's Rapid Response System contact point"
    )
    languages = models.JSONField(default=list, blank=True, help_text="e.g. ['en', 'fr']")
    countries = models.JSONField(default=list, blank=True, help_text="ISO codes it covers")
    topics = models.JSONField(default=list, blank=True, help_text="e.g. ['elections', 'fimi']")
    max_tlp = models.CharField(
        max_length=12,
        default="AMBER",
        help_text="The highest TLP level it may receive (CLEAR, GREEN, AMBER, AMBER+STRICT, RED)",
    )
    pgp_key = models.TextField(blank=True, help_text="ASCII-armoured OpenPGP public key")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "email"], name="recipient_unique")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class ChannelKind(models.TextChoices):
    EMAIL = "email", "E-mail"
    WEBHOOK = "webhook", "Webhook"


class RecipientChannel(models.Model):
    """A way to reach a recipient: an e-mail address or a webhook URL (with its HMAC secret)."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(max_length=10, choices=ChannelKind.choices)
    address = models.CharField(max_length=500, help_text="E-mail address or https:// URL")
    secret = models.CharField(
        max_length=128, blank=True, help_text="Webhooks: the shared HMAC-SHA256 key"
    )
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "address"], name="recipient_channel_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.address}"


class ApiToken(models.Model):
    """An API token; only the SHA-256 of the secret is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, default="cli")
    prefix = models.CharField(max_length=12, help_text="First characters, to tell tokens apart")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.get_username()})"
