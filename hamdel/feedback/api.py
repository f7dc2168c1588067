"""Survey and campaign endpoints under /api/v1/feedback. Thin: parse, call one query or
action, return."""

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from hamdel.feedback import actions, queries
from hamdel.feedback.models import Campaign, Survey, SurveySettings
from hamdel.feedback.schemas import (
    CampaignIn,
    CampaignOut,
    ResultsOut,
    SegmentIn,
    SettingsIO,
    SurveyFilters,
    SurveyOut,
)
from hamdel.people.permissions import caller, require_admin, require_supervisor

router = Router(tags=["feedback"])
RESULTS_DAYS = 30


@router.get("/surveys", response=list[SurveyOut])
def list_surveys(request: HttpRequest, filters: Query[SurveyFilters]) -> list[Survey]:
    fields = filters.dict(exclude={"limit"})
    surveys = queries.filter_surveys(queries.visible_surveys(caller(request)), **fields)
    return list(surveys[: filters.limit])


@router.get("/surveys/{int:survey_id}", response=SurveyOut)
def get_survey(request: HttpRequest, survey_id: int) -> Survey:
    return queries.survey_for(caller(request), survey_id)


@router.get("/results", response=ResultsOut)
def results(request: HttpRequest, days: int = RESULTS_DAYS) -> dict[str, Any]:
    """CSAT of the last `days` (1-365): everyone, per team, per agent; and NPS."""
    require_supervisor(request)
    until = timezone.now()
    since = until - timedelta(days=min(max(days, 1), 365))
    surveys = queries.visible_surveys(caller(request))
    overall, teams, agents = queries.csat_results(surveys, since, until)
    nps = queries.net_promoter(surveys.filter(sent_at__gte=since))
    return {
        "since": since,
        "until": until,
        "csat": _result(overall),
        "teams": [_result(each) for each in teams],
        "agents": [_result(each) for each in agents],
        "nps": _nps(nps),
    }


def _result(result: queries.Result) -> dict[str, Any]:
    return {
        **result.__dict__,
        "response_rate": result.response_rate,
        "satisfied_rate": result.satisfied_rate,
    }


def _nps(nps: queries.NetPromoter) -> dict[str, Any]:
    return {**nps.__dict__, "score": nps.score}


def _campaign(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "state": campaign.state,
        "segment": {
            "tiers": campaign.tiers,
            "languages": campaign.languages,
            "last_contact_days": campaign.last_contact_days,
        },
        "scheduled_at": campaign.scheduled_at,
        "started_at": campaign.started_at,
        "finished_at": campaign.finished_at,
        "total": campaign.total,
        "sent": campaign.sent,
        "skipped": campaign.skipped,
        "progress": campaign.percent,
        "answered": campaign.surveys.filter(answered_at__isnull=False).count(),
        "nps": _nps(queries.net_promoter(campaign.surveys.all())),
    }


@router.get("/campaigns", response=list[CampaignOut])
def list_campaigns(request: HttpRequest) -> list[dict[str, Any]]:
    require_supervisor(request)
    return [_campaign(each) for each in Campaign.objects.all()[: queries.MAX_LISTED]]


@router.post("/campaigns", response={201: CampaignOut})
def create_campaign(request: HttpRequest, payload: CampaignIn) -> Status[dict[str, Any]]:
    require_supervisor(request)
    segment = actions.Segment(**(payload.segment or SegmentIn(last_contact_days=None)).dict())
    campaign = actions.create_campaign(payload.name, segment, payload.scheduled_at, caller(request))
    return Status(201, _campaign(campaign))


@router.get("/campaigns/{int:campaign_id}", response=CampaignOut)
def get_campaign(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    require_supervisor(request)
    return _campaign(queries.campaign_for(campaign_id))


@router.post("/campaigns/{int:campaign_id}/cancel", response=CampaignOut)
def cancel_campaign(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    require_supervisor(request)
    campaign = actions.cancel_campaign(queries.campaign_for(campaign_id), caller(request))
    return _campaign(campaign)


@router.get("/settings", response=SettingsIO)
def get_settings(request: HttpRequest) -> SurveySettings:
    require_admin(request)
    return SurveySettings.load()


@router.put("/settings", response=SettingsIO)
def put_settings(request: HttpRequest, payload: SettingsIO) -> SurveySettings:
    require_admin(request)
    return actions.update_settings(caller(request), **payload.dict())
