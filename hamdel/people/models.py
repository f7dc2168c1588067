"""Customers and their identities; agents, teams and the organisation they work for."""

import time
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import identity_kind_choices

LANGUAGE_CHOICES = settings.LANGUAGES


class Organisation(models.Model):
    """The one organisation of this installation (a singleton row, pk 1)."""

    name = models.CharField(_("name"), max_length=200, default="Hamdel")
    default_language = models.CharField(
        _("default language"), max_length=8, choices=LANGUAGE_CHOICES, default="en"
    )
    phone_region = models.CharField(
        _("phone region"),
        max_length=2,
        default="IR",
        help_text=_("Two-letter country code used to read national phone numbers."),
    )
    timezone = models.CharField(_("timezone"), max_length=64, default="Asia/Tehran")
    redaction_enabled = models.BooleanField(_("redact card numbers and IBANs"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1
        super().save(*args, **kwargs)
        _loaded.clear()

    @classmethod
    def load(cls) -> "Organisation":
        """The settings row, read at most once per ORGANISATION_TTL in each process.

        Every message reads it (language hint, redaction), so it is kept briefly; a
        change made in another process shows here within ORGANISATION_TTL seconds.
        """
        cached = _loaded.get("organisation")
        if cached is not None and time.monotonic() - cached[0] < ORGANISATION_TTL:
            return cached[1]
        organisation, _created = cls.objects.get_or_create(pk=1)
        _loaded["organisation"] = (time.monotonic(), organisation)
        return organisation

    @staticmethod
    def forget_loaded() -> None:
        _loaded.clear()


ORGANISATION_TTL = 5.0  # seconds
_loaded: dict[str, tuple[float, Organisation]] = {}


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    timezone = models.CharField(_("timezone"), max_length=64, default="UTC")
    brand_name = models.CharField(_("brand name"), max_length=200, blank=True)
    brand_logo_url = models.URLField(_("brand logo"), blank=True)
    sender_address = models.EmailField(_("sender address"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


class Presence(models.TextChoices):
    AVAILABLE = "available", _("Available")
    BUSY = "busy", _("Busy")
    AWAY = "away", _("Away")
    ABSENT = "absent", _("Absent")
    OFFLINE = "offline", _("Offline")


class Agent(models.Model):
    """A member of staff: the profile beside a Django user. Deactivated, never deleted."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agent"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.AGENT)
    teams = models.ManyToManyField(Team, verbose_name=_("teams"), blank=True, related_name="agents")
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    timezone = models.CharField(_("timezone"), max_length=64, default="UTC")
    ui_language = models.CharField(
        _("interface language"), max_length=8, choices=LANGUAGE_CHOICES, default="en"
    )
    presence = models.CharField(
        _("presence"), max_length=16, choices=Presence.choices, default=Presence.OFFLINE
    )
    signature = models.TextField(_("signature"), blank=True)

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")

    def __str__(self) -> str:
        return self.user.get_username()

    @property
    def sees_everything(self) -> bool:
        return self.role in {Role.SUPERVISOR, Role.ADMIN}

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class Tier(models.TextChoices):
    STANDARD = "standard", _("Standard")
    SILVER = "silver", _("Silver")
    GOLD = "gold", _("Gold")
    PLATINUM = "platinum", _("Platinum")
    VIP = "vip", _("VIP")


class Customer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=LANGUAGE_CHOICES, blank=True
    )
    timezone = models.CharField(_("timezone"), max_length=64, blank=True)
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices, default=Tier.STANDARD)
    # A tier a supervisor set by hand wins over the computed one (the value app's) and says
    # so; tier_reason is why the customer has the tier, in words the customer page shows.
    tier_manual = models.BooleanField(_("tier set by hand"), default=False)
    tier_reason = models.CharField(_("why this tier"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["name", "id"], name="customer_name_idx")]

    def __str__(self) -> str:
        return self.name


class IdentityKind(models.TextChoices):
    EMAIL = "email", _("Email address")
    PHONE = "phone", _("Phone number")
    TELEGRAM = "telegram", _("Telegram")
    WHATSAPP = "whatsapp", _("WhatsApp")
    INSTAGRAM = "instagram", _("Instagram")
    OTHER = "other", _("Other messenger")


class Identity(models.Model):
    """One way to reach a customer; it belongs to exactly one customer."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="identities"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=identity_kind_choices)
    value = models.CharField(_("value"), max_length=254, help_text=_("Normalised form."))
    display = models.CharField(_("as written"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="identity_unique_value")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"
