"""Every write of the feedback app: invite (CSAT, NPS), answer, follow up, campaigns.

An invitation is an automatic outbound message on a conversation
(`tickets.actions.add_message(..., automatic=True)`), so it leaves through the transport
of the channel the customer used (email, SMS, chat) like any reply, and shows in the
thread. A customer is asked at most once per `SurveySettings.period_days`, whatever the
kind: the check runs under the customer's row lock, so two conversations solved at once
send one survey.
"""

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamdel.feedback import events, invitations, links, queries
from hamdel.feedback.declarations import LOW_SCORE
from hamdel.feedback.models import (
    SCALES,
    Campaign,
    CampaignState,
    Kind,
    Survey,
    SurveySettings,
)
from hamdel.lib.registry import transport_path
from hamdel.people.models import Customer, Organisation, Tier
from hamdel.promises.actions import PromiseDraft, make_promise
from hamdel.promises.models import Kind as PromiseKind
from hamdel.tickets import signals as ticket_signals
from hamdel.tickets.actions import add_message
from hamdel.tickets.models import Conversation, Direction, Status

Actor = User | None
LANGUAGES = ("en", "fa", "tr", "ru")
COMMENT_LIMIT = 2000  # characters of a comment kept
# A channel that cannot carry a message takes another the customer can be reached on: a
# phone call's survey goes by SMS.
FALLBACK_CHANNEL = {"phone": "sms"}
CAMPAIGN_BATCH = 500  # customers per batch job: one transaction of ~500 messages (~5 s)
NAME_LIMIT = 200


# ----- invitations ------------------------------------------------------------------------


def _language_of(conversation: Conversation) -> str:
    for language in (conversation.customer.language, conversation.language):
        if language in LANGUAGES:
            return language
    default = Organisation.load().default_language
    return default if default in LANGUAGES else "en"


def _channel_of(conversation: Conversation) -> str | None:
    """The channel the survey can go by, or None if none can carry it."""
    for channel in (conversation.channel, FALLBACK_CHANNEL.get(conversation.channel)):
        if channel and transport_path(channel) is not None:
            return channel
    return None


def _recently_asked(customer_id: int, now: datetime, period: timedelta) -> bool:
    return Survey.objects.filter(customer_id=customer_id, sent_at__gt=now - period).exists()


def _lock_customer(customer_id: int) -> None:
    """Serialise the one-survey-per-period check of one customer (inside a transaction)."""
    list(Customer.objects.select_for_update().filter(pk=customer_id).values_list("pk"))


def _invite(
    kind: str, conversation: Conversation, channel: str, now: datetime, campaign: Campaign | None
) -> Survey:
    """Write the survey and its message; call inside a transaction."""
    survey = Survey.objects.create(
        kind=kind,
        customer_id=conversation.customer_id,
        conversation=conversation,
        campaign=campaign,
        agent_id=conversation.assignee_id,
        team_id=conversation.team_id,
        channel=channel,
        language=_language_of(conversation),
        nonce=secrets.token_urlsafe(9),
        sent_at=now,
    )
    link = links.url_for(survey.pk, survey.nonce)
    with translation.override(survey.language):
        text = invitations.text(kind, channel, link, conversation.customer.name)
    survey.message = add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text=text,
        channel=channel,
        automatic=True,
    )
    survey.save(update_fields=["message"])
    events.invited(survey)
    return survey


@dataclass(frozen=True)
class Sent:
    survey: Survey | None
    why: str  # "sent", or why nothing was sent


def schedule_csat(conversation: Conversation) -> None:
    """Send the CSAT job once the solving commits, after the settings' delay."""
    delay = SurveySettings.load().delay_minutes * 60
    conversation_id = conversation.pk

    def enqueue() -> None:
        from hamdel.feedback import jobs  # Huey is configured by settings; import when needed

        if delay:
            jobs.send_csat.schedule((conversation_id,), delay=delay)
        else:
            jobs.send_csat(conversation_id)

    transaction.on_commit(enqueue)


def send_csat(conversation_id: int, now: datetime | None = None) -> Sent:
    """The CSAT survey of a solved conversation, at most once; safe to run twice."""
    now = now or timezone.now()
    rules = SurveySettings.load()
    with transaction.atomic():
        conversation = (
            Conversation.objects.select_related("customer")
            .filter(pk=conversation_id)
            .select_for_update(of=("self",))
            .first()
        )
        if conversation is None:
            return Sent(None, "missing")
        existing = Survey.objects.filter(conversation=conversation, kind=Kind.CSAT).first()
        if existing is not None:
            return Sent(existing, "already")
        why = _why_not(conversation, rules)
        if why:
            return Sent(None, why)
        channel = _channel_of(conversation)
        if channel is None:
            return Sent(None, "no_channel")
        _lock_customer(conversation.customer_id)
        if _recently_asked(conversation.customer_id, now, rules.period):
            return Sent(None, "recently_asked")
        return Sent(_invite(Kind.CSAT, conversation, channel, now, None), "sent")


def _why_not(conversation: Conversation, rules: SurveySettings) -> str:
    if not rules.csat_enabled:
        return "disabled"
    if conversation.status != Status.SOLVED:
        return "not_solved"  # reopened since: no survey about unfinished work
    if conversation.merged_into_id is not None or conversation.customer.merged_into_id:
        return "merged"
    return ""


# ----- answers ----------------------------------------------------------------------------


def survey_for_token(token: str) -> Survey | None:
    """The survey a link names, if the link is genuine, current and not replaced."""
    signed = links.read(token, timedelta(days=SurveySettings.load().link_days))
    if signed is None:
        return None
    survey = (
        Survey.objects.select_related("conversation", "customer", "campaign")
        .filter(pk=signed.survey_id)
        .first()
    )
    if survey is None or not secrets.compare_digest(survey.nonce, signed.nonce):
        return None
    return survey


def clean_comment(comment: str) -> str:
    """Plain text, as typed: never HTML (templates escape it), without control characters."""
    # Only control characters go (Cc): format characters such as the zero-width non-joiner
    # that Persian words need (U+200C) stay.
    kept = "".join(ch for ch in comment if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return kept.strip()[:COMMENT_LIMIT]


def answer_survey(
    survey: Survey, score: int, comment: str = "", now: datetime | None = None
) -> Survey:
    """Record the customer's answer; answering again replaces it (one answer per survey)."""
    low, high = SCALES[Kind(survey.kind)]
    if not low <= score <= high:
        raise ValidationError(
            {"score": _("Choose a score from %(low)s to %(high)s.") % {"low": low, "high": high}}
        )
    now = now or timezone.now()
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        old = locked.score
        locked.score = score
        locked.comment = clean_comment(comment)
        locked.answered_at = now
        locked.answers += 1
        locked.save(update_fields=["score", "comment", "answered_at", "answers"])
        events.answered(locked, old)
        if is_low(locked) and locked.follow_up_id is None:
            _follow_up(locked, now)
    return locked


def is_low(survey: Survey) -> bool:
    if survey.score is None:
        return False
    rules = SurveySettings.load()
    threshold = rules.low_csat if survey.kind == Kind.CSAT else rules.low_nps
    return survey.score <= threshold


def _follow_up(survey: Survey, now: datetime) -> None:
    """A promise ("other") owned by a supervisor of the survey's team, due within the
    settings' hours, and an in-app notification to them; the low-score event for the
    policy signals. Call inside the answer's transaction."""
    supervisors = queries.supervisors_for(survey.team_id)
    events.low_score(survey)
    if not supervisors:
        return
    owner = supervisors[0]
    low, high = survey.scale
    with translation.override(queries.ui_language(owner)):
        words = _("Follow up a low score (%(score)s of %(high)s) from %(customer)s") % {
            "score": survey.score,
            "high": high,
            "customer": survey.customer.name,
        }
    promise = make_promise(
        PromiseDraft(
            kind=PromiseKind.OTHER,
            due_at=now + timedelta(hours=SurveySettings.load().follow_up_hours),
            owner_agent=owner,
            owner_team=survey.team,
            words=words,
            language=survey.language,
        ),
        customer=survey.customer,
        conversation=survey.conversation,
        actor=None,
        checked=False,  # nobody chose this time: no feasibility reason is asked for
        now=now,
    )
    survey.follow_up_id = promise.pk
    survey.save(update_fields=["follow_up_id"])
    ticket_signals.notification_requested.send(
        sender=Survey,
        recipients=supervisors,
        kind=LOW_SCORE,
        conversation=survey.conversation,
        actor=None,
    )


# ----- campaigns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    tiers: list[str]
    languages: list[str]
    last_contact_days: int | None


def _check_segment(segment: Segment) -> None:
    errors: dict[str, str] = {}
    if any(tier not in Tier.values for tier in segment.tiers):
        errors["tiers"] = _("Unknown tier.")
    if any(language not in LANGUAGES for language in segment.languages):
        errors["languages"] = _("Unknown language.")
    if segment.last_contact_days is not None and not 1 <= segment.last_contact_days <= 3650:
        errors["last_contact_days"] = _("Give a number of days from 1 to 3650.")
    if errors:
        raise ValidationError(errors)


def create_campaign(
    name: str, segment: Segment, scheduled_at: datetime | None, actor: Actor
) -> Campaign:
    if not name.strip():
        raise ValidationError({"name": _("Give the campaign a name.")})
    if scheduled_at is not None and timezone.is_naive(scheduled_at):
        raise ValidationError({"scheduled_at": _("Give the start time with its timezone.")})
    _check_segment(segment)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name.strip()[:NAME_LIMIT],
            tiers=sorted(set(segment.tiers)),
            languages=sorted(set(segment.languages)),
            last_contact_days=segment.last_contact_days,
            scheduled_at=scheduled_at or timezone.now(),
            created_by=actor,
        )
        events.campaign_created(campaign, actor)
    if campaign.scheduled_at <= timezone.now():
        _start_on_commit(campaign.pk)
    return campaign


def _start_on_commit(campaign_id: int) -> None:
    def enqueue() -> None:
        from hamdel.feedback import jobs

        jobs.send_campaign_batch(campaign_id)

    transaction.on_commit(enqueue)


def cancel_campaign(campaign: Campaign, actor: Actor) -> Campaign:
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.state in (CampaignState.DONE, CampaignState.CANCELLED):
            raise ValidationError({"state": _("This campaign has finished.")})
        locked.state = CampaignState.CANCELLED
        locked.finished_at = timezone.now()
        locked.save(update_fields=["state", "finished_at", "updated_at"])
        events.campaign_cancelled(locked, actor)
    return locked


def _start(campaign: Campaign, now: datetime) -> None:
    """Count the segment and fix its end (customers who join later are not in it)."""
    segment = queries.segment_customers(campaign, now)
    campaign.total = segment.count()
    campaign.cursor_end = max(segment.values_list("pk", flat=True).order_by("-pk")[:1], default=0)
    campaign.state = CampaignState.SENDING
    campaign.started_at = now
    campaign.save(update_fields=["total", "cursor_end", "state", "started_at", "updated_at"])
    events.campaign_started(campaign)


def send_campaign_batch(
    campaign_id: int, now: datetime | None = None, batch: int = CAMPAIGN_BATCH
) -> bool:
    """Send the next batch of a due campaign; True if more remain. Safe to run twice (the
    campaign's row lock orders batches, each survey is unique per campaign and customer)."""
    now = now or timezone.now()
    period = SurveySettings.load().period
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
        if campaign is None or campaign.state in (CampaignState.DONE, CampaignState.CANCELLED):
            return False
        if campaign.scheduled_at > now:
            return False
        if campaign.state == CampaignState.SCHEDULED:
            _start(campaign, now)
        ids = list(
            queries.segment_customers(campaign, now)
            .filter(pk__gt=campaign.cursor, pk__lte=campaign.cursor_end)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        targets = queries.latest_conversations(ids)
        asked = queries.recently_asked(ids, now, period)
        sent = skipped = 0
        for customer_id in ids:
            conversation = targets.get(customer_id)
            channel = _channel_of(conversation) if conversation else None
            if conversation is None or channel is None or customer_id in asked:
                skipped += 1
                continue
            try:
                with transaction.atomic():
                    _invite(Kind.NPS, conversation, channel, now, campaign)
                sent += 1
            except (ValidationError, IntegrityError):
                skipped += 1  # a message the pipeline refused; a survey already there
        campaign.sent += sent
        campaign.skipped += skipped
        campaign.cursor = ids[-1] if ids else campaign.cursor_end
        more = len(ids) == batch and campaign.cursor < campaign.cursor_end
        fields = ["sent", "skipped", "cursor", "updated_at"]
        if not more:
            campaign.state = CampaignState.DONE
            campaign.finished_at = now
            fields += ["state", "finished_at"]
        campaign.save(update_fields=fields)
        if not more:
            events.campaign_finished(campaign)
    return more


def due_campaigns(now: datetime, stalled_after: timedelta) -> list[int]:
    """Scheduled campaigns whose time has come, and sending ones whose job was lost."""
    return list(
        Campaign.objects.filter(
            Q(state=CampaignState.SCHEDULED, scheduled_at__lte=now)
            | Q(state=CampaignState.SENDING, updated_at__lt=now - stalled_after)
        ).values_list("pk", flat=True)[:50]
    )


# ----- settings ---------------------------------------------------------------------------

SETTINGS_FIELDS = (
    "csat_enabled",
    "period_days",
    "delay_minutes",
    "low_csat",
    "low_nps",
    "follow_up_hours",
    "link_days",
)


def update_settings(actor: Actor, **fields: object) -> SurveySettings:
    rules = SurveySettings.load()
    old = {name: getattr(rules, name) for name in SETTINGS_FIELDS}
    for name, value in fields.items():
        if name not in SETTINGS_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(rules, name, value)
    rules.full_clean()
    if not 1 <= rules.low_csat <= 5:
        raise ValidationError(
            {"low_csat": _("Choose a score from %(low)s to %(high)s.") % {"low": 1, "high": 5}}
        )
    if rules.low_nps > 10:
        raise ValidationError(
            {"low_nps": _("Choose a score from %(low)s to %(high)s.") % {"low": 0, "high": 10}}
        )
    if rules.link_days < 1:
        raise ValidationError({"link_days": _("Give a number of days from 1 to 3650.")})
    with transaction.atomic():
        rules.save()
        new = {name: getattr(rules, name) for name in SETTINGS_FIELDS}
        if new != old:
            events.settings_changed(rules, actor, old, new)
    return rules
