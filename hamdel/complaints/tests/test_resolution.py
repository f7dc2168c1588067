import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hamdel.complaints import actions
from hamdel.complaints.models import Complaint
from hamdel.complaints.tests.factories import make_cause, make_complaint
from hamdel.test import PASSWORD, ApiClient, Cast
from hamdel.tickets.actions import add_message, change_status
from hamdel.tickets.models import Direction, Status


def test_a_complaint_cannot_be_solved_without_its_root_cause_and_what_was_done(
    cast: Cast,
) -> None:
    conversation = make_complaint(cast.customer)
    billing = make_cause()
    with pytest.raises(ValidationError) as refused:
        change_status(conversation, Status.SOLVED, cast.sam.user)
    assert "root cause" in refused.value.message_dict["status"][0]
    with pytest.raises(ValidationError) as half:
        actions.record_resolution(conversation, cast.sam.user, root_cause=billing, resolution=" ")
    assert set(half.value.message_dict) == {"resolution"}
    conversation.refresh_from_db()
    assert conversation.status == Status.NEW
    actions.record_resolution(
        conversation, cast.sam.user, root_cause=make_cause("Double charge"), resolution="Refunded"
    )
    change_status(conversation, Status.SOLVED, cast.sam.user)
    complaint = Complaint.objects.get(conversation=conversation)
    assert complaint.resolved_at is not None
    assert complaint.root_cause is not None
    assert complaint.root_cause.name == "Double charge"


def test_the_api_refuses_the_solve_with_the_status_field(cast: Cast) -> None:
    conversation = make_complaint(cast.customer)
    cause = make_cause()
    api = ApiClient(cast.sam.user)
    refused = api.post(f"/conversations/{conversation.pk}/status", {"status": "solved"})
    assert refused.status_code == 422
    assert refused.json()["field"] == "status"
    recorded = api.put(
        f"/conversations/{conversation.pk}/complaint",
        {"root_cause_id": cause.pk, "resolution": "Refunded the second charge"},
    )
    assert recorded.status_code == 200
    assert recorded.json()["root_cause_id"] == cause.pk
    solved = api.post(f"/conversations/{conversation.pk}/status", {"status": "solved"})
    assert solved.status_code == 200


def test_before_any_root_cause_exists_complaints_can_still_be_solved(cast: Cast) -> None:
    """A new installation has no list yet: no complaint may become unsolvable."""
    conversation = make_complaint(cast.customer)
    change_status(conversation, Status.SOLVED, cast.sam.user)
    assert Complaint.objects.get(conversation=conversation).resolved_at is not None


def test_save_and_solve_in_the_conversation_page(cast: Cast) -> None:
    conversation = make_complaint(cast.customer)
    cause = make_cause()
    client = Client()
    client.login(username="sam", password=PASSWORD)
    page = client.get(f"/conversations/{conversation.pk}/")
    assert b'id="complaint-panel"' in page.content
    assert b'id="complaint-badge"' in page.content
    url = f"/complaints/conversations/{conversation.pk}/resolution"
    missing = client.post(url, {"root_cause": cause.pk, "then": "solve"}, follow=True)
    assert "Say what was done." in missing.content.decode()
    conversation.refresh_from_db()
    assert conversation.status == Status.NEW
    client.post(url, {"root_cause": cause.pk, "resolution": "Refunded", "then": "solve"})
    conversation.refresh_from_db()
    assert conversation.status == Status.SOLVED


def test_reopened_complaints_are_counted(cast: Cast) -> None:
    conversation = make_complaint(cast.customer)
    actions.record_resolution(
        conversation, cast.sam.user, root_cause=make_cause(), resolution="Refunded"
    )
    for times in (1, 2):
        change_status(conversation, Status.SOLVED, cast.sam.user)
        add_message(
            conversation,
            direction=Direction.INBOUND,
            body_text="It happened again",
            author_customer=cast.customer,
        )
        complaint = Complaint.objects.get(conversation=conversation)
        assert complaint.reopen_count == times
        assert complaint.resolved_at is None
    # Waiting and back is not a reopening.
    change_status(conversation, Status.WAITING, cast.sam.user)
    change_status(conversation, Status.OPEN, cast.sam.user)
    assert Complaint.objects.get(conversation=conversation).reopen_count == 2
