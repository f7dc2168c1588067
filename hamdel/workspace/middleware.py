"""Each request speaks the signed-in agent's language and keeps time in their timezone."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from hamdel.lib.localise import zone
from hamdel.people.queries import agent_of


class AgentPreferencesMiddleware:
    """After authentication: the agent's ui_language and timezone win over the browser's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        agent = agent_of(request.user) if not request.path.startswith("/api/") else None
        if agent is not None:
            translation.activate(agent.ui_language)
            request.LANGUAGE_CODE = agent.ui_language
            timezone.activate(zone(agent.timezone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
