"""Another team's conversation, message or attachment answers exactly as a missing one:
the same 404 and the same body, in the API and in the agent UI (docs/security.md)."""

import pytest
from django.test import Client

from hamdel.test import PASSWORD, ApiClient, Cast, make_conversation
from hamdel.tickets.actions import NewAttachment, add_message
from hamdel.tickets.models import Direction

pytestmark = pytest.mark.django_db
MISSING = 999_999


def _hidden_and_missing(cast: Cast) -> dict[str, tuple[str, str]]:
    """(path of Billing's row, path of a missing row) per kind, for alice of Support."""
    billing = make_conversation(cast.customer, team=cast.billing)
    message = add_message(
        billing,
        direction=Direction.INBOUND,
        body_text="The invoice",
        author_customer=cast.customer,
        attachments=[NewAttachment("invoice.txt", "text/plain", b"due")],
    )
    attachment = message.attachments.get()
    return {
        "conversation": (f"/conversations/{billing.pk}", f"/conversations/{MISSING}"),
        "message": (f"/messages/{message.pk}/split", f"/messages/{MISSING}/split"),
        "attachment": (f"/attachments/{attachment.pk}", f"/attachments/{MISSING}"),
    }


def test_the_api_answers_another_teams_rows_exactly_like_missing_ones(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    for kind, (hidden, missing) in _hidden_and_missing(cast).items():
        send = api.post if kind == "message" else api.get
        hidden_response, missing_response = send(hidden), send(missing)
        assert hidden_response.status_code == missing_response.status_code == 404, kind
        assert hidden_response.content == missing_response.content, kind


def test_the_agent_ui_answers_another_teams_conversation_like_a_missing_one(cast: Cast) -> None:
    billing = make_conversation(cast.customer, team=cast.billing)
    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    hidden = client.get(f"/conversations/{billing.pk}/")
    missing = client.get(f"/conversations/{MISSING}/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    note = client.post(f"/conversations/{billing.pk}/note", {"body": "hello"})
    assert note.status_code == 404
    assert not billing.notes.exists()
