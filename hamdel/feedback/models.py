"""Surveys: CSAT after a solved conversation, NPS campaigns to a segment of customers.

A `Survey` is one invitation to one customer, sent as an automatic outbound message on a
conversation (so it leaves by that conversation's channel: an email, an SMS, a chat
prompt). Its link is signed (`feedback.links`); answering twice updates the one answer
(`answers` counts the submissions, the score counts once). A `Campaign` sends NPS
surveys to a segment in batches and keeps its progress on its own row.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import channels
from hamdel.people.models import LANGUAGE_CHOICES, Customer, Team
from hamdel.tickets.models import Conversation, Message


class Kind(models.TextChoices):
    CSAT = "csat", _("Satisfaction (CSAT)")
    NPS = "nps", _("Recommendation (NPS)")


# The scores each kind accepts: CSAT 1 (very unhappy) to 5 (very happy), NPS 0 to 10.
SCALES = {Kind.CSAT: (1, 5), Kind.NPS: (0, 10)}


class SurveySettings(models.Model):
    """The organisation's survey rules (a singleton row, pk 1), edited by administrators."""

    csat_enabled = models.BooleanField(_("send CSAT surveys"), default=True)
    period_days = models.PositiveIntegerField(
        _("days between two surveys of one customer"), default=30
    )
    delay_minutes = models.PositiveIntegerField(
        _("minutes after solving before the survey goes"),
        default=5,
        help_text=_("A conversation reopened in the meantime gets no survey."),
    )
    low_csat = models.PositiveSmallIntegerField(
        _("a CSAT score at or below this needs a follow-up"), default=2
    )
    low_nps = models.PositiveSmallIntegerField(
        _("an NPS score at or below this needs a follow-up"), default=6
    )
    follow_up_hours = models.PositiveIntegerField(
        _("hours a supervisor has to follow up a low score"), default=24
    )
    link_days = models.PositiveIntegerField(_("days a survey link stays valid"), default=30)

    class Meta:
        verbose_name = _("survey settings")
        verbose_name_plural = _("survey settings")

    def __str__(self) -> str:
        return str(_("survey settings"))

    @classmethod
    def load(cls) -> "SurveySettings":
        """The saved row, or the defaults (unsaved: reading writes nothing)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @property
    def period(self) -> timedelta:
        return timedelta(days=self.period_days)


class CampaignState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Campaign(models.Model):
    """An NPS campaign: a segment, a start time, and how far its sending has got."""

    name = models.CharField(_("name"), max_length=200)
    # The segment; an empty list means any.
    tiers = models.JSONField(_("tiers"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    last_contact_days = models.PositiveIntegerField(
        _("in contact within the last days"), null=True, blank=True
    )
    scheduled_at = models.DateTimeField(_("starts"), db_index=True)
    state = models.CharField(
        _("state"), max_length=16, choices=CampaignState.choices, default=CampaignState.SCHEDULED
    )
    total = models.PositiveIntegerField(_("customers in the segment"), default=0)
    sent = models.PositiveIntegerField(_("sent"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    # The last customer id handled: the next batch starts after it (keyset, safe to re-run).
    cursor = models.BigIntegerField(default=0)
    # The highest customer id in the segment when sending started: customers who join
    # later are not in this campaign.
    cursor_end = models.BigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # Every batch saves the row: a sending campaign not updated for a while lost its job.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("NPS campaign")
        verbose_name_plural = _("NPS campaigns")
        ordering = ["-scheduled_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def handled(self) -> int:
        return self.sent + self.skipped

    @property
    def percent(self) -> int:
        """How much of the segment has been handled, 0-100."""
        if self.state == CampaignState.DONE:
            return 100
        return min(100, self.handled * 100 // self.total) if self.total else 0


class Survey(models.Model):
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    # The conversation it was sent on: the solved one for CSAT, the latest one for NPS.
    conversation = models.ForeignKey(
        Conversation, verbose_name=_("conversation"), on_delete=models.CASCADE, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    # Whose work it judges: the conversation's assignee and team when it was sent.
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL
    )
    channel = models.CharField(_("channel"), max_length=16)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    # Part of what the link signs: a new nonce makes every earlier link of this survey void.
    nonce = models.CharField(max_length=16)
    message = models.ForeignKey(
        Message,
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), db_index=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answers = models.PositiveSmallIntegerField(_("times answered"), default=0)
    # The supervisor's follow-up of a low score (a promise's id in hamdel.promises).
    follow_up_id = models.BigIntegerField(_("follow-up"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            # one CSAT per conversation, one NPS survey per customer and campaign: a job
            # that runs twice finds the first and sends nothing
            models.UniqueConstraint(
                fields=["conversation"],
                condition=models.Q(kind="csat"),
                name="feedback_one_csat_per_conversation",
            ),
            models.UniqueConstraint(
                fields=["campaign", "customer"],
                condition=models.Q(campaign__isnull=False),
                name="feedback_one_survey_per_campaign_customer",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "sent_at"], name="feedback_customer_sent"),
            models.Index(fields=["answered_at"], name="feedback_answered"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def scale(self) -> tuple[int, int]:
        return SCALES[Kind(self.kind)]

    @property
    def channel_label(self) -> str:
        return str(channels().get(self.channel, self.channel))

    @property
    def tone(self) -> str:
        """good / warn / bad, for badges."""
        if self.score is None:
            return ""
        if self.kind == Kind.CSAT:
            return "good" if self.score >= 4 else "warn" if self.score == 3 else "bad"
        return "good" if self.score >= 9 else "warn" if self.score >= 7 else "bad"
