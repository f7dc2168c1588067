import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from hamdel.test import PASSWORD, Cast, make_conversation
from hamdel.tickets.actions import add_message, add_note, assign_conversation
from hamdel.tickets.models import Conversation, Direction, Message, Status
from hamdel.workspace.models import Draft

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_conversation_page_shows_messages_and_notes_in_order(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support, body="Where is my parcel?")
    add_note(conversation, "Courier lost it, @sam FYI", cast.alice.user)
    page = signed_in("alice").get(f"/conversations/{conversation.pk}/").content.decode()
    assert page.index("Where is my parcel?") < page.index("Courier lost it")
    assert '<span class="mention">@sam</span>' in page


def test_another_teams_agent_cannot_open_the_conversation(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    assert signed_in("bob").get(f"/conversations/{conversation.pk}/").status_code == 404


def test_a_reply_with_an_attachment_is_sent_and_clears_the_draft(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    client = signed_in("alice")
    client.post(f"/conversations/{conversation.pk}/draft", {"body": "Half-written"})
    assert Draft.objects.get(author=cast.alice.user).body == "Half-written"

    upload = SimpleUploadedFile("label.pdf", b"%PDF-1.4 label", content_type="application/pdf")
    response = client.post(
        f"/conversations/{conversation.pk}/reply", {"body": "Here is the label.", "files": upload}
    )

    assert response.status_code == 302
    reply = Message.objects.get(direction=Direction.OUTBOUND)
    assert reply.body_text == "Here is the label."
    assert reply.author_agent == cast.alice.user
    assert [a.filename for a in reply.attachments.all()] == ["label.pdf"]
    assert not Draft.objects.exists()


def test_a_saved_draft_comes_back_when_the_page_is_reopened(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    client = signed_in("alice")
    response = client.post(f"/conversations/{conversation.pk}/draft", {"body": "Dear Cyrus,"})
    assert "Draft saved" in response.content.decode()
    assert "Dear Cyrus," in client.get(f"/conversations/{conversation.pk}/").content.decode()


def test_an_empty_reply_is_refused_with_a_message(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    response = signed_in("alice").post(
        f"/conversations/{conversation.pk}/reply", {"body": "  "}, follow=True
    )
    assert "A message needs text or an attachment." in response.content.decode()
    assert conversation.messages.count() == 1


def test_an_internal_note_records_its_mentions(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    signed_in("alice").post(
        f"/conversations/{conversation.pk}/note", {"body": "@bob can you check?"}
    )
    note = conversation.notes.get()
    assert list(note.mentions.all()) == [cast.bob.user]


def test_take_assign_status_tags_and_collaborators_go_through_the_page(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    client = signed_in("alice")
    base = f"/conversations/{conversation.pk}"
    client.post(f"{base}/take")
    client.post(
        f"{base}/properties", {"status": "waiting", "priority": "high", "category": "refund"}
    )
    client.post(f"{base}/tags", {"tags": "refund, vip"})
    client.post(f"{base}/collaborators", {"user": cast.bob.user_id})
    conversation.refresh_from_db()
    assert conversation.assignee == cast.alice.user
    assert (conversation.status, conversation.priority, conversation.category) == (
        "waiting", "high", "refund",
    )  # fmt: skip
    assert sorted(conversation.tags.values_list("name", flat=True)) == ["refund", "vip"]
    assert list(conversation.collaborators.all()) == [cast.bob.user]

    client.post(f"{base}/solve")
    client.post(f"{base}/assign", {"assignee": cast.sam.user_id, "team": cast.billing.pk})
    conversation.refresh_from_db()
    assert (conversation.assignee, conversation.team) == (cast.sam.user, cast.billing)
    assert conversation.status == Status.SOLVED


def test_merging_moves_the_thread_into_the_conversation_with_that_number(cast: Cast) -> None:
    source = make_conversation(cast.customer, team=cast.support, body="First try")
    target = make_conversation(cast.customer, team=cast.support, body="Second try")
    response = signed_in("alice").post(
        f"/conversations/{source.pk}/merge", {"target": f"#{target.number}"}
    )
    assert response["Location"] == f"/conversations/{target.pk}/"
    assert target.messages.count() == 2
    source.refresh_from_db()
    assert source.merged_into == target


def test_splitting_a_message_opens_a_new_conversation(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    other = add_message(
        conversation, direction=Direction.INBOUND, body_text="Also, a second question",
        author_customer=cast.customer,
    )  # fmt: skip
    response = signed_in("alice").post(f"/messages/{other.pk}/split")
    created = Conversation.objects.exclude(pk=conversation.pk).get()
    assert response["Location"] == f"/conversations/{created.pk}/"
    assert list(created.messages.all()) == [other]


def test_the_customers_other_open_conversations_are_shown_beside_the_thread(cast: Cast) -> None:
    current = make_conversation(cast.customer, team=cast.support)
    other = make_conversation(cast.customer, team=cast.support, subject="Another matter")
    response = signed_in("alice").get(f"/conversations/{current.pk}/")
    assert [c.pk for c in response.context["others"]] == [other.pk]


def test_the_conversation_page_needs_a_bounded_number_of_queries(
    cast: Cast, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    assign_conversation(conversation, None, assignee=cast.alice.user)
    for index in range(20):
        add_message(
            conversation, direction=Direction.OUTBOUND, body_text=f"Reply {index}",
            author_agent=cast.alice.user,
        )  # fmt: skip
        add_note(conversation, f"Note {index} @bob", cast.alice.user)
    for _ in range(5):
        make_conversation(cast.customer, team=cast.support)
    client = signed_in("alice")
    # 17 + SLA badges + promises + appointments, and each app's panels (a few reads each,
    # never one per message: the thread's 41 items cost nothing more)
    with django_assert_max_num_queries(50):
        response = client.get(f"/conversations/{conversation.pk}/")
    assert len(response.context["thread"]) == 41
