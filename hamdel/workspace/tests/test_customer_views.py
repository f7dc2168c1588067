import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from hamdel.people.models import Customer
from hamdel.test import PASSWORD, Cast, make_conversation, make_customer
from hamdel.tickets.actions import add_note, change_status

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_timeline_lists_the_customers_events_newest_first(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    change_status(conversation, "waiting", None)
    response = signed_in("alice").get(f"/customers/{cast.customer.pk}/")
    verbs = [event.verb for event, _label in response.context["events"]]
    assert verbs[0] == "conversation.status"
    assert verbs[-1] == "customer.created"
    assert "changed the status" in response.content.decode()


def test_the_timeline_hides_events_of_conversations_the_agent_cannot_see(cast: Cast) -> None:
    theirs = make_conversation(cast.customer, team=cast.billing)
    add_note(theirs, "Billing only", cast.bob.user)
    response = signed_in("alice").get(f"/customers/{cast.customer.pk}/")
    assert all(event.conversation_id != theirs.pk for event, _ in response.context["events"])
    supervisor = signed_in("sam").get(f"/customers/{cast.customer.pk}/")
    assert any(event.conversation_id == theirs.pk for event, _ in supervisor.context["events"])


def test_an_agent_edits_the_profile_and_adds_an_identity(cast: Cast) -> None:
    client = signed_in("alice")
    client.post(
        f"/customers/{cast.customer.pk}/edit",
        {
            "name": "Cyrus F.",
            "language": "fa",
            "timezone": "Asia/Tehran",
            "tier": "vip",
            "notes": "Prefers phone",
        },
    )
    client.post(
        f"/customers/{cast.customer.pk}/identities", {"kind": "phone", "value": "0912 345 6789"}
    )
    customer = Customer.objects.get(pk=cast.customer.pk)
    assert (customer.name, customer.tier, customer.notes) == ("Cyrus F.", "vip", "Prefers phone")
    assert customer.identities.filter(kind="phone", value="+989123456789").exists()


def test_merging_customers_can_be_undone_from_the_page(cast: Cast) -> None:
    duplicate = make_customer("Cyrus Duplicate")
    make_conversation(duplicate, team=cast.support)
    client = signed_in("sam")
    response = client.post(f"/customers/{duplicate.pk}/merge", {"target": cast.customer.pk})
    assert response["Location"] == f"/customers/{cast.customer.pk}/"
    assert cast.customer.conversations.count() == 1

    page = client.get(f"/customers/{duplicate.pk}/")
    merge = page.context["merges"][0]
    client.post(f"/customers/{cast.customer.pk}/unmerge/{merge.pk}")
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert duplicate.conversations.count() == 1


def test_the_customer_list_finds_customers_by_name(cast: Cast) -> None:
    make_customer("Zeynep Kaya")
    response = signed_in("alice").get("/customers/?q=zeynep")
    assert [c.name for c in response.context["page"].items] == ["Zeynep Kaya"]


def test_the_customer_page_needs_a_bounded_number_of_queries(
    cast: Cast, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(10):
        conversation = make_conversation(cast.customer, team=cast.support)
        add_note(conversation, "Checked @sam", cast.alice.user)
    client = signed_in("alice")
    with django_assert_max_num_queries(30):  # 10, and each app's customer panels and facts
        response = client.get(f"/customers/{cast.customer.pk}/")
    assert len(response.context["conversations"]) == 10


def test_an_agent_can_neither_merge_customers_nor_see_the_merge_form(cast: Cast) -> None:
    duplicate = make_customer("Cyrus Duplicate")
    client = signed_in("alice")
    assert b"/merge" not in client.get(f"/customers/{duplicate.pk}/").content
    response = client.post(f"/customers/{duplicate.pk}/merge", {"target": cast.customer.pk})
    assert response.status_code == 403
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
