"""Audit events of surveys and campaigns; called only from feedback.actions.

`feedback.low_score` is the seam for the complaints app's policy signals (siblings do not
import each other): it carries the score, the scale, the language and the comment as
plain text, with the customer and conversation, so a reader groups low-score comments
with complaints by reading `audit.Event` rows of that verb (docs/feedback.md).
"""

from typing import Any

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event
from hamdel.feedback.models import Campaign, Survey, SurveySettings

Actor = User | None


def _survey_event(verb: str, survey: Survey, data: dict[str, Any]) -> Event:
    return record_event(
        f"feedback.{verb}",
        subject_type="survey",
        subject_id=survey.pk,
        customer_id=survey.customer_id,
        conversation_id=survey.conversation_id,
        data={"kind": survey.kind, **data},
    )


def invited(survey: Survey) -> Event:
    return _survey_event(
        "invited",
        survey,
        {"channel": survey.channel, "language": survey.language, "campaign": survey.campaign_id},
    )


def answered(survey: Survey, old_score: int | None) -> Event:
    return _survey_event(
        "answered",
        survey,
        {"score": survey.score, "old_score": old_score, "answers": survey.answers},
    )


def low_score(survey: Survey) -> Event:
    low, high = survey.scale
    return _survey_event(
        "low_score",
        survey,
        {
            "score": survey.score,
            "scale": [low, high],
            "language": survey.language,
            "comment": survey.comment,
            "agent": survey.agent_id,
            "team": survey.team_id,
        },
    )


def _campaign_event(verb: str, campaign: Campaign, actor: Actor, data: dict[str, Any]) -> Event:
    return record_event(
        f"feedback.campaign_{verb}",
        subject_type="campaign",
        subject_id=campaign.pk,
        actor=actor,
        new={"state": campaign.state},
        data=data,
    )


def campaign_created(campaign: Campaign, actor: Actor) -> Event:
    return _campaign_event(
        "created",
        campaign,
        actor,
        {
            "tiers": campaign.tiers,
            "languages": campaign.languages,
            "last_contact_days": campaign.last_contact_days,
            "scheduled_at": campaign.scheduled_at.isoformat(),
        },
    )


def campaign_started(campaign: Campaign) -> Event:
    return _campaign_event("started", campaign, None, {"total": campaign.total})


def campaign_finished(campaign: Campaign) -> Event:
    return _campaign_event(
        "finished", campaign, None, {"sent": campaign.sent, "skipped": campaign.skipped}
    )


def campaign_cancelled(campaign: Campaign, actor: Actor) -> Event:
    return _campaign_event(
        "cancelled", campaign, actor, {"sent": campaign.sent, "skipped": campaign.skipped}
    )


def settings_changed(
    rules: SurveySettings, actor: Actor, old: dict[str, Any], new: dict[str, Any]
) -> Event:
    return record_event(
        "feedback.settings_changed",
        subject_type="survey_settings",
        subject_id=rules.pk,
        actor=actor,
        old=old,
        new=new,
    )
