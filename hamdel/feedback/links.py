"""Signed survey links: /feedback/<token>/, no login.

The token signs the survey's id and its nonce with the secret key (django.core.signing,
a salt of its own) and carries the time it was made, so a link cannot be guessed,
altered, or used past `SurveySettings.link_days`. It is the survey's only link: every
answer given through it lands on that one survey, so answering again edits the answer
instead of adding one.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "hamdel.feedback.survey"


@dataclass(frozen=True)
class Signed:
    survey_id: int
    nonce: str


def token_for(survey_id: int, nonce: str) -> str:
    return signing.dumps([survey_id, nonce], salt=SALT, compress=False)


def read(token: str, max_age: timedelta) -> Signed | None:
    """The survey a token names, or None if it is forged, altered or too old."""
    try:
        value = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not isinstance(value[1], str)
    ):
        return None
    return Signed(value[0], value[1])


def url_for(survey_id: int, nonce: str) -> str:
    """The absolute link, on HAMDEL_BASE_URL (never on a request's Host)."""
    before, after = _around_token()
    return f"{settings.BASE_URL}{before}{token_for(survey_id, nonce)}{after}"


@cache
def _around_token() -> tuple[str, str]:
    """The survey path around its token, reversed once: a campaign makes thousands."""
    before, _marker, after = reverse("feedback-survey", kwargs={"token": MARKER}).partition(MARKER)
    return before, after


MARKER = "TOKEN"
