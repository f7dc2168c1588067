"""Routing: the right agent gets new work, says why, and nothing waits unseen."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from hamdel.audit.models import Event
from hamdel.live.models import Notification
from hamdel.people.actions import set_presence, update_agent
from hamdel.people.models import Presence, Tier
from hamdel.promises import actions as promise_actions
from hamdel.promises.models import Kind
from hamdel.staffing import actions, routing
from hamdel.staffing.models import Item, ItemState
from hamdel.test import Cast, make_agent, make_conversation, make_customer
from hamdel.tickets.actions import change_status
from hamdel.tickets.models import Category, Channel, Priority, Status

pytestmark = pytest.mark.django_db


def _routing_on(cast: Cast) -> None:
    actions.update_queue(cast.support, None, routing_enabled=True)


def _available(*agents: object) -> None:
    for agent in agents:
        set_presence(agent, Presence.AVAILABLE)  # type: ignore[arg-type]


def test_routing_is_off_unless_the_team_switches_it_on(cast: Cast) -> None:
    _available(cast.alice)
    conversation = make_conversation(cast.customer, team=cast.support)
    conversation.refresh_from_db()
    assert conversation.assignee is None
    assert not Item.objects.exists()


def test_a_new_conversation_goes_to_the_agent_who_speaks_the_language_and_says_why(
    cast: Cast,
) -> None:
    _routing_on(cast)
    update_agent(cast.alice, None, languages=["en"])
    farsi = make_agent("farid", teams=[cast.support], languages=["fa", "en"], skills=["refunds"])
    _available(cast.alice, farsi)
    customer = make_customer("Shirin", language="fa")
    conversation = make_conversation(customer, team=cast.support, category=Category.REFUND)
    conversation.refresh_from_db()
    assert conversation.assignee == farsi.user
    item = Item.objects.get(conversation=conversation)
    assert item.decisions.get_queryset()[0].explanation == (
        "assigned to farid: speaks fa, skill refunds, load 0/8"
    )
    assert Event.objects.filter(verb="routing.assigned", conversation_id=conversation.pk).exists()
    assert Notification.objects.filter(recipient=farsi.user, conversation=conversation).exists()


def test_equal_agents_take_turns_and_the_less_loaded_goes_first(cast: Cast) -> None:
    _routing_on(cast)
    carol = make_agent("carol", teams=[cast.support])
    _available(cast.alice, carol, cast.sam)
    set_presence(cast.sam, Presence.BUSY)
    owners = [make_conversation(cast.customer, team=cast.support).assignee_id for _ in range(4)]
    assert sorted(owners, key=str) == sorted([cast.alice.user_id, carol.user_id] * 2, key=str)
    assert owners[0] != owners[1]  # round robin among equals
    assert cast.sam.user_id not in owners  # busy: no new work


def test_when_nobody_fits_the_item_waits_visibly_and_goes_when_someone_comes_free(
    cast: Cast,
) -> None:
    _routing_on(cast)
    conversation = make_conversation(cast.customer, team=cast.support)
    item = Item.objects.get(conversation=conversation)
    assert item.state == ItemState.WAITING
    assert (
        item.decisions.get_queryset()[0].explanation == "waiting: nobody on the team is available"
    )
    actions.set_presence(cast.alice, Presence.AVAILABLE, cast.alice.user)
    item.refresh_from_db()
    assert item.state == ItemState.ASSIGNED
    assert item.assignee == cast.alice.user


def test_full_agents_get_no_more_and_higher_tiers_and_urgency_go_first(cast: Cast) -> None:
    actions.update_queue(cast.support, None, routing_enabled=True, capacity={"email": 1})
    _available(cast.alice)
    first = make_conversation(cast.customer, team=cast.support)
    assert first.assignee == cast.alice.user
    plain = make_conversation(cast.customer, team=cast.support)
    urgent = make_conversation(cast.customer, team=cast.support, priority=Priority.URGENT)
    vip = make_conversation(make_customer("Vida", tier=Tier.VIP), team=cast.support)
    waiting = Item.objects.filter(state=ItemState.WAITING)
    assert waiting.count() == 3
    assert waiting.get(conversation=plain).decisions.get_queryset()[0].explanation == (
        "waiting: everyone who fits is at capacity"
    )
    change_status(first, Status.SOLVED, cast.alice.user)
    actions.route_waiting()
    assert Item.objects.get(state=ItemState.ASSIGNED).conversation == vip
    change_status(vip, Status.SOLVED, cast.alice.user)
    actions.route_waiting()
    assert Item.objects.get(state=ItemState.ASSIGNED).conversation == urgent


def test_complaints_come_before_every_tier() -> None:
    complaint = routing.priority_of(complaint=True, tier=Tier.STANDARD, urgency=Priority.LOW)
    vip = routing.priority_of(complaint=False, tier=Tier.VIP, urgency=Priority.URGENT)
    assert complaint > vip


def test_a_declined_item_goes_to_the_next_agent_and_never_back(cast: Cast) -> None:
    _routing_on(cast)
    carol = make_agent("carol", teams=[cast.support])
    _available(cast.alice, carol)
    conversation = make_conversation(cast.customer, team=cast.support)
    first = User.objects.get(pk=conversation.assignee_id or 0)
    item = Item.objects.get(conversation=conversation)
    declined = actions.decline_item(item, first, "I am on a long call")
    conversation.refresh_from_db()
    assert conversation.assignee is not None
    assert conversation.assignee != first
    assert declined.next_decision is not None
    explanations = [d.explanation for d in item.decisions.order_by("pk")]
    assert explanations[1] == f"declined by {first.username}: I am on a long call"
    second = conversation.assignee
    actions.decline_item(item, second, "not my area")
    item.refresh_from_db()
    assert item.state == ItemState.WAITING  # nobody else: it waits, never lost
    with pytest.raises(ValidationError):
        actions.decline_item(item, second, "again")


def test_taking_a_waiting_conversation_by_hand_takes_it_off_the_queue(cast: Cast) -> None:
    from hamdel.tickets.actions import assign_conversation

    _routing_on(cast)
    conversation = make_conversation(cast.customer, team=cast.support)
    assign_conversation(conversation, cast.alice.user, assignee=cast.alice.user)
    assert Item.objects.get(conversation=conversation).state == ItemState.DONE


def test_a_team_callback_is_routed_to_an_available_agent_and_ends_with_the_promise(
    cast: Cast,
) -> None:
    _routing_on(cast)
    _available(cast.alice)
    conversation = make_conversation(cast.customer, channel=Channel.PHONE)
    promise = promise_actions.make_promise(
        promise_actions.PromiseDraft(
            kind=Kind.CALLBACK,
            due_at=timezone.now() + timedelta(days=3),
            owner_team=cast.support,
        ),
        customer=cast.customer,
        conversation=conversation,
        actor=cast.sam.user,
    )
    item = Item.objects.get(promise_id=promise.pk)
    assert item.assignee == cast.alice.user
    promise.refresh_from_db()
    assert promise.owner_agent == cast.alice.user  # the promise itself is alice's now
    assert item.state == ItemState.ASSIGNED  # giving the owner does not end the item
    promise_actions.cancel_promise(promise, cast.sam.user, "called in")
    item.refresh_from_db()
    assert item.state == ItemState.DONE


def test_choose_needs_only_a_language_someone_on_the_team_speaks() -> None:
    agent = routing.Candidate(1, "alice", True, frozenset({"en"}), frozenset(), 2, 8, None)
    choice = routing.choose(routing.Need("ar", "refunds", frozenset()), [agent])
    assert choice.candidate == agent
    assert choice.facts["language"] == ""
    assert choice.facts["skill"] == ""
