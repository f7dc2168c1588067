"""Public contact forms and what each submission left behind (who to answer, and how).

A form belongs to the organisation (the default one, at /contact/) or to a team or brand
(/contact/<slug>/); the conversations it opens go to that team. Its title and intro are
set per language by an administrator.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Team
from hamdel.tickets.models import Conversation, Message

DEFAULT_SLUG = "default"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class WebForm(models.Model):
    slug = models.SlugField(_("address"), max_length=50, unique=True)
    is_default = models.BooleanField(_("the organisation's default form"), default=False)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    # {"fa": {"title": "...", "intro": "..."}, ...}; a missing language shows the default text.
    texts = models.JSONField(_("titles and intros"), default=dict, blank=True)
    # Origins (scheme://host[:port]) whose pages may show the form in an iframe.
    allowed_origins = models.JSONField(_("sites that may embed it"), default=list, blank=True)
    min_seconds = models.PositiveSmallIntegerField(_("minimum seconds before sending"), default=2)
    max_per_ip = models.PositiveIntegerField(
        _("submissions per address per 15 minutes"), default=10
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("web form")
        verbose_name_plural = _("web forms")
        ordering = ["-is_default", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="webform_one_default",
            )
        ]

    def __str__(self) -> str:
        return self.slug

    def text(self, language: str, key: str) -> str:
        value: Any = (self.texts or {}).get(language, {}).get(key, "")
        return str(value or "")


class ContactKind(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")


# The transport a reply to each kind of contact goes out through (tickets' channel names).
TRANSPORT_OF = {ContactKind.EMAIL: "email", ContactKind.PHONE: "sms"}


class Submission(models.Model):
    """One accepted submission: the conversation it opened and the contact to answer."""

    form = models.ForeignKey(
        WebForm, verbose_name=_("form"), on_delete=models.PROTECT, related_name="submissions"
    )
    conversation = models.OneToOneField(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="web_submission",
    )
    contact_kind = models.CharField(_("contact kind"), max_length=8, choices=ContactKind.choices)
    contact = models.CharField(_("contact"), max_length=254, help_text=_("Normalised form."))
    language = models.CharField(_("language"), max_length=8)
    acknowledgement = models.OneToOneField(
        Message,
        verbose_name=_("acknowledgement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("web form submission")
        verbose_name_plural = _("web form submissions")

    def __str__(self) -> str:
        return f"submission {self.pk} of {self.form_id}"


class Attempt(models.Model):
    """A POST to a form, kept WINDOW for the per-address limit (throttle.py). The address
    is stored as a keyed hash: enough to count, not to tell who it was."""

    form = models.ForeignKey(WebForm, on_delete=models.CASCADE, related_name="+")
    address = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["form", "address", "at"], name="webform_attempt_idx")]

    def __str__(self) -> str:
        return f"attempt on {self.form_id} at {self.at}"
