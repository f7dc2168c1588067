"""Conduct: what was detected, the steps' settings and templates, and parting ways.

Nothing here is deleted by the app: a detection stays with its message, a parting-ways
decision is approved, rejected or reversed, never removed (the audit trail has each step).
"""

import time
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Customer, Team
from hamdel.tickets.models import Conversation, Message


class Severity(models.TextChoices):
    MILD = "mild", _("Mild")
    ABUSIVE = "abusive", _("Abusive")
    THREAT = "threat", _("Threat")


class Category(models.TextChoices):
    INSULT = "insult", _("Insult")
    PROFANITY = "profanity", _("Profanity")
    THREAT = "threat", _("Threat")
    SLUR = "slur", _("Slur")
    SEXUAL = "sexual", _("Sexual harassment")


class Language(models.TextChoices):
    FA = "fa", _("Persian")
    TR = "tr", _("Turkish")
    RU = "ru", _("Russian")
    EN = "en", _("English")


RANK = {Severity.MILD: 1, Severity.ABUSIVE: 2, Severity.THREAT: 3}


class ExtraTerm(models.Model):
    """A term an administrator adds to the shipped word lists (hamdel/conduct/wordlists)."""

    text = models.CharField(_("word or phrase"), max_length=100)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    targeted = models.BooleanField(_("only when aimed at someone"), default=False)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("extra term")
        ordering = ["language", "text"]
        constraints = [
            models.UniqueConstraint(fields=["language", "text"], name="conduct_term_unique")
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.language})"


class Policy(models.Model):
    """The steps, one row (pk 1). Each step can be switched off."""

    warn_first = models.BooleanField(
        _("warn the customer after a first abusive message"), default=True
    )
    escalate_repeat = models.BooleanField(
        _("tell a supervisor when it happens again"), default=True
    )
    repeat_count = models.PositiveSmallIntegerField(
        _("abusive messages that make a repeat"), default=2
    )
    repeat_hours = models.PositiveIntegerField(_("within hours"), default=72)
    restrict_on_repeat = models.BooleanField(
        _("move a repeat to the restricted queue"), default=False
    )
    threat_at_once = models.BooleanField(_("tell a supervisor of a threat at once"), default=True)
    restricted_team = models.ForeignKey(
        Team,
        verbose_name=_("restricted queue (a team of supervisors)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confusion_enabled = models.BooleanField(_("flag customers who seem confused"), default=True)
    confusion_conversations = models.PositiveSmallIntegerField(
        _("conversations on one topic"), default=3
    )
    confusion_messages = models.PositiveSmallIntegerField(_("messages on one topic"), default=6)
    confusion_hours = models.PositiveIntegerField(_("within hours (confusion)"), default=48)

    class Meta:
        verbose_name = _("conduct policy")

    def __str__(self) -> str:
        return "conduct policy"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        _loaded.clear()

    @classmethod
    def load(cls) -> "Policy":
        """The row, read at most once per POLICY_TTL seconds in each process (every inbound
        message reads it); a change is seen here at once, in other processes within that."""
        cached = _loaded.get("policy")
        if cached is not None and time.monotonic() - cached[0] < POLICY_TTL:
            return cached[1]
        policy = cls.objects.get_or_create(pk=1)[0]
        _loaded["policy"] = (time.monotonic(), policy)
        return policy

    @staticmethod
    def forget_loaded() -> None:
        _loaded.clear()


POLICY_TTL = 5.0  # seconds
_loaded: dict[str, tuple[float, Policy]] = {}


class TemplateKind(models.TextChoices):
    WARNING = "warning", _("Warning after a first abusive message")
    PARTING = "parting", _("Parting ways")
    REVERSED = "reversed", _("Parting ways reversed")


class Template(models.Model):
    """A message to the customer, in one language; the app's defaults when none is saved."""

    kind = models.CharField(_("kind"), max_length=16, choices=TemplateKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("customer message template")
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="conduct_template_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"


class Detection(models.Model):
    """An inbound message found abusive; `matches` are offsets into its body_text."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="conduct")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    categories = models.JSONField(_("categories"), default=list)
    matches = models.JSONField(default=list)
    # Who was exposed: the conversation's assignee when it arrived (None: nobody yet).
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("detected"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("abusive message")
        indexes = [models.Index(fields=["customer", "created_at"], name="conduct_det_customer")]

    def __str__(self) -> str:
        return f"{self.severity} in message {self.message_id}"


class Flag(models.Model):
    """The conduct flag a conversation carries: its worst abuse and whether the customer
    seems confused."""

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="conduct_flag"
    )
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices, blank=True)
    abusive_messages = models.PositiveIntegerField(_("abusive messages"), default=0)
    confused = models.BooleanField(_("likely confused"), default=False)
    confusion = models.JSONField(default=dict)  # counts and shared words when flagged
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("conduct flag")

    def __str__(self) -> str:
        return f"flag of conversation {self.conversation_id}"


class Preference(models.Model):
    """An agent's choice never to see abusive words, not even on a click."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conduct_preference"
    )
    never_reveal = models.BooleanField(_("never show me abusive words"), default=False)

    def __str__(self) -> str:
        return f"conduct preference of {self.user_id}"


class PartingState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    REVERSED = "reversed", _("Reversed")


class Parting(models.Model):
    """Parting ways with a customer: proposed by a supervisor with the reason and the
    evidence, decided by an administrator, reversible."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("state"), max_length=16, choices=PartingState.choices, default=PartingState.PROPOSED
    )
    reason = models.TextField(_("reason"))
    evidence = models.ManyToManyField(Message, verbose_name=_("evidence"), related_name="+")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reversed_at = models.DateTimeField(_("reversed"), null=True, blank=True)
    reverse_reason = models.TextField(_("why it was reversed"), blank=True)

    class Meta:
        verbose_name = _("parting ways")
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"parting {self.pk} ({self.state})"
