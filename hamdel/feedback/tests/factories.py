"""Plain typed builders for the feedback tests."""

from typing import Any

from hamdel.feedback import actions
from hamdel.feedback.models import Survey
from hamdel.people.models import Customer
from hamdel.test import make_conversation
from hamdel.tickets.actions import change_status
from hamdel.tickets.models import Conversation, Status


def solved_conversation(customer: Customer | None = None, **fields: Any) -> Conversation:
    conversation = make_conversation(customer, **fields)
    return change_status(conversation, Status.SOLVED, None)


def sent_survey(customer: Customer | None = None, **fields: Any) -> Survey:
    """A CSAT survey sent on a freshly solved conversation (the action, not the job)."""
    sent = actions.send_csat(solved_conversation(customer, **fields).pk)
    assert sent.survey is not None, sent.why  # noqa: S101
    return sent.survey


def token_of(survey: Survey) -> str:
    from hamdel.feedback.links import token_for

    return token_for(survey.pk, survey.nonce)
