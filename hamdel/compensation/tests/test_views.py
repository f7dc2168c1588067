"""The conversation page's compensation panel, the approvals queue and the limits page."""

from decimal import Decimal

import pytest
from django.test import Client

from hamdel.compensation.models import Compensation, Limit
from hamdel.compensation.tests.factories import ask, usual_limits
from hamdel.test import Cast, make_conversation, make_customer
from hamdel.tickets.models import Conversation

pytestmark = pytest.mark.django_db


def _client(cast: Cast, username: str) -> Client:
    client = Client()
    client.force_login(getattr(cast, username).user)
    return client


@pytest.fixture
def conversation(cast: Cast) -> Conversation:
    usual_limits()
    return make_conversation(cast.customer, team=cast.support)


def _form(amount: str) -> dict[str, str]:
    fields = {"kind": "partial_refund", "amount": amount, "currency": "USD", "reason": "damaged"}
    return {f"compensation-{name}": value for name, value in fields.items()}


def test_the_panel_grants_within_the_limit_and_shows_the_state(
    cast: Cast, conversation: Conversation
) -> None:
    alice = _client(cast, "alice")
    page = f"/conversations/{conversation.pk}/"
    assert 'id="compensation-form"' in alice.get(page).content.decode()
    answer = alice.post(
        f"/compensation/conversations/{conversation.pk}/request", {**_form("20"), "next": page}
    )
    assert answer.status_code == 302
    html = alice.get(page).content.decode()
    assert 'data-state="approved"' in html
    assert "Granted." in html
    assert "data-approve" not in html


def test_above_the_limit_the_supervisor_sees_approve_buttons_and_the_agent_does_not(
    cast: Cast, conversation: Conversation
) -> None:
    made = ask(conversation, cast.alice.user, "80")
    page = f"/conversations/{conversation.pk}/"
    assert "data-approve" not in _client(cast, "alice").get(page).content.decode()
    sam = _client(cast, "sam")
    html = sam.get(page).content.decode()
    assert 'data-state="pending_approval"' in html
    assert "Approver: Supervisor." in html
    queue = sam.get("/compensation/approvals/").content.decode()
    assert f'id="compensation-{made.pk}"' in queue
    sam.post(f"/compensation/{made.pk}/approve", {"comment": "fine", "next": page})
    assert 'data-state="approved"' in sam.get(page).content.decode()


def test_an_agent_cannot_approve_through_the_page(cast: Cast, conversation: Conversation) -> None:
    made = ask(conversation, cast.sam.user, "800")  # above the supervisor's limit
    answer = _client(cast, "alice").post(f"/compensation/{made.pk}/approve")
    assert answer.status_code == 403
    assert Compensation.objects.get(pk=made.pk).entries.count() == 1


def test_an_administrator_sets_limits_on_the_limits_page(cast: Cast) -> None:
    ada = _client(cast, "ada")
    assert ada.get("/compensation/limits/").status_code == 200
    answer = ada.post(
        "/compensation/limits/",
        {"agent-TRY-per_case": "۲۵۰", "agent-TRY-per_month": "1000", "admin-EUR-per_case": "5"},
    )
    assert answer.status_code == 302
    limits = {(limit.role, limit.currency): limit for limit in Limit.objects.all()}
    assert limits[("agent", "TRY")].per_case == Decimal(250)
    assert limits[("admin", "EUR")].per_month == Decimal(0)
    refused = ada.post("/compensation/limits/", {"agent-TRY-per_case": "-1"}, follow=True)
    assert "cannot be negative" in refused.content.decode()


def test_a_persian_agent_sees_persian_amounts(cast: Cast) -> None:
    usual_limits("IRR")
    cast.alice.ui_language = "fa"
    cast.alice.save(update_fields=["ui_language"])
    conversation = make_conversation(make_customer("Shirin", language="fa"), team=cast.support)
    ask(conversation, cast.alice.user, "12", currency="IRR")
    html = _client(cast, "alice").get(f"/conversations/{conversation.pk}/").content.decode()
    assert "۱۲" in html
    assert 'dir="rtl"' in html
