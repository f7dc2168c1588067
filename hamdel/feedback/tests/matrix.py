"""The feedback app's entries of the authorization matrix (hamdel/security/tests).

The matrix formats each path with the ids of its shared world, which has no survey or
campaign; `Made` paths make theirs when formatted, inside the case's own savepoint: a
CSAT survey on the world's Support conversation (solved for it), or an NPS campaign.
The survey page is public: anyone holding the signed link may answer, nobody else.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from hamdel.feedback import actions, links
from hamdel.tickets.actions import change_status
from hamdel.tickets.models import Conversation, Status

LOGIN, REDIRECT = "login", "redirect"
PUBLIC = (200, 200, 200, 200, 200)
UI_ANY = (LOGIN, 200, 200, 200, 200)
UI_SUPERVISOR = (LOGIN, 403, 403, 200, 200)
UI_SUPERVISOR_WRITE = (LOGIN, 403, 403, REDIRECT, REDIRECT)
UI_ADMIN = (LOGIN, 403, 403, 403, 200)
UI_ADMIN_WRITE = (LOGIN, 403, 403, 403, REDIRECT)
API_ANY = (401, 200, 200, 200, 200)
API_TEAM = (401, 404, 200, 200, 200)
API_SUPERVISOR = (401, 403, 403, 200, 200)
API_SUPERVISOR_CREATE = (401, 403, 403, 201, 201)
API_ADMIN = (401, 403, 403, 403, 200)

# Routes an anonymous visitor may reach, for the matrix's public-routes check: the
# survey page, which the signed token guards.
ANONYMOUS_ALLOWED = {"/feedback/<str:token>/ [feedback-survey]"}

EVERYONE = actions.Segment(tiers=[], languages=[], last_contact_days=None)


class Made(str):
    """A path whose `{link}` or `{id}` is a survey or campaign made when it is formatted."""

    make: str

    def __new__(cls, path: str, make: str) -> "Made":
        made = super().__new__(cls, path)
        made.make = make
        return made

    def format(self, *args: Any, **ids: Any) -> str:
        if self.make == "campaign":
            later = timezone.now() + timedelta(days=1)
            campaign = actions.create_campaign("Matrix NPS", EVERYONE, later, None)
            return str.format(self, id=campaign.pk, **ids)
        conversation = Conversation.objects.get(pk=ids["conversation"])
        change_status(conversation, Status.SOLVED, None)
        survey = actions.send_csat(conversation.pk).survey
        assert survey is not None  # noqa: S101 - the world's customer was never surveyed
        token = links.token_for(survey.pk, survey.nonce)
        return str.format(self, id=survey.pk, link=token, **ids)


def _settings(world: Any) -> dict[str, str]:
    return {
        "csat_enabled": "on",
        "period_days": "30",
        "delay_minutes": "5",
        "low_csat": "2",
        "low_nps": "6",
        "follow_up_hours": "24",
        "link_days": "30",
    }


SETTINGS_JSON = {
    "csat_enabled": True,
    "period_days": 30,
    "delay_minutes": 5,
    "low_csat": 2,
    "low_nps": 6,
    "follow_up_hours": 24,
    "link_days": 30,
}

MATRIX: dict[str, list[dict[str, Any]]] = {
    "/feedback/<str:token>/ [feedback-survey]": [
        {"method": "GET", "path": Made("/feedback/{link}/", "survey"), "expect": PUBLIC},
        {
            "method": "POST",
            "path": Made("/feedback/{link}/", "survey"),
            "expect": PUBLIC,
            "body": lambda world: {"score": "4", "comment": "Thanks"},
            "label": "answer",
        },
        {
            "method": "GET",
            "path": "/feedback/WzEsImFiYyJd:1abc:forged/",
            "expect": (404,) * 5,
            "label": "forged",
        },
    ],
    "/feedback/ [feedback]": [{"method": "GET", "path": "/feedback/", "expect": UI_ANY}],
    "/feedback/campaigns/ [feedback-campaigns]": [
        {"method": "GET", "path": "/feedback/campaigns/", "expect": UI_SUPERVISOR},
        {
            "method": "POST",
            "path": "/feedback/campaigns/",
            "expect": UI_SUPERVISOR_WRITE,
            "body": lambda world: {"name": "Matrix", "scheduled_at": "2099-01-01T10:00"},
        },
    ],
    "/feedback/campaigns/<int:pk>/ [feedback-campaign]": [
        {
            "method": "GET",
            "path": Made("/feedback/campaigns/{id}/", "campaign"),
            "expect": UI_SUPERVISOR,
        }
    ],
    "/feedback/campaigns/<int:pk>/progress [feedback-campaign-progress]": [
        {
            "method": "GET",
            "path": Made("/feedback/campaigns/{id}/progress", "campaign"),
            "expect": UI_SUPERVISOR,
        }
    ],
    "/feedback/campaigns/<int:pk>/cancel [feedback-campaign-cancel]": [
        {
            "method": "POST",
            "path": Made("/feedback/campaigns/{id}/cancel", "campaign"),
            "expect": UI_SUPERVISOR_WRITE,
        }
    ],
    "/feedback/settings/ [feedback-settings]": [
        {"method": "GET", "path": "/feedback/settings/", "expect": UI_ADMIN},
        {
            "method": "POST",
            "path": "/feedback/settings/",
            "expect": UI_ADMIN_WRITE,
            "body": _settings,
        },
    ],
    "GET /api/v1/feedback/surveys": [
        {
            "method": "GET",
            "path": "/api/v1/feedback/surveys?kind=csat",
            "api": True,
            "expect": API_ANY,
        }
    ],
    "GET /api/v1/feedback/surveys/{survey_id}": [
        {
            "method": "GET",
            "path": Made("/api/v1/feedback/surveys/{id}", "survey"),
            "api": True,
            "expect": API_TEAM,
        }
    ],
    "GET /api/v1/feedback/results": [
        {"method": "GET", "path": "/api/v1/feedback/results", "api": True, "expect": API_SUPERVISOR}
    ],
    "GET /api/v1/feedback/campaigns": [
        {
            "method": "GET",
            "path": "/api/v1/feedback/campaigns",
            "api": True,
            "expect": API_SUPERVISOR,
        }
    ],
    "POST /api/v1/feedback/campaigns": [
        {
            "method": "POST",
            "path": "/api/v1/feedback/campaigns",
            "api": True,
            "expect": API_SUPERVISOR_CREATE,
            "body": lambda world: {
                "name": "Matrix",
                "segment": {"tiers": ["gold"]},
                "scheduled_at": "2099-01-01T10:00:00+00:00",
            },
        }
    ],
    "GET /api/v1/feedback/campaigns/{campaign_id}": [
        {
            "method": "GET",
            "path": Made("/api/v1/feedback/campaigns/{id}", "campaign"),
            "api": True,
            "expect": API_SUPERVISOR,
        }
    ],
    "POST /api/v1/feedback/campaigns/{campaign_id}/cancel": [
        {
            "method": "POST",
            "path": Made("/api/v1/feedback/campaigns/{id}/cancel", "campaign"),
            "api": True,
            "expect": API_SUPERVISOR,
        }
    ],
    "GET /api/v1/feedback/settings": [
        {"method": "GET", "path": "/api/v1/feedback/settings", "api": True, "expect": API_ADMIN}
    ],
    "PUT /api/v1/feedback/settings": [
        {
            "method": "PUT",
            "path": "/api/v1/feedback/settings",
            "api": True,
            "expect": API_ADMIN,
            "body": lambda world: SETTINGS_JSON,
        }
    ],
}
