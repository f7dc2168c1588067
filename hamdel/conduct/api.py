"""Conduct endpoints (mounted at /api/v1/conduct). Thin: parse, call one action, return."""

from django.http import HttpRequest
from ninja import Router

from hamdel.conduct import actions
from hamdel.conduct.schemas import CheckIn, CheckOut
from hamdel.people.permissions import caller, my_agent

router = Router(tags=["conduct"])


@router.post("/check", response=CheckOut)
def check(request: HttpRequest, payload: CheckIn) -> dict[str, object]:
    """Whether a text is abusive, its severity and where (offsets into the text sent)."""
    caller(request)
    my_agent(request)
    result = actions.check_text(payload.text, payload.language)
    return {
        "abusive": result.abusive,
        "severity": result.severity,
        "matches": [m.as_dict() for m in result.matches],
    }
