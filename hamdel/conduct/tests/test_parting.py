"""Parting ways: proposed with evidence, decided by an administrator, told, reversible."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamdel.audit.models import Event
from hamdel.conduct import actions
from hamdel.conduct.models import Parting, PartingState, Policy
from hamdel.conduct.tests.factories import customer_writes
from hamdel.live.models import Notification
from hamdel.people.models import Role, Team
from hamdel.test import Cast, make_agent, make_customer, make_team
from hamdel.tickets.models import Direction, Message


def _restricted_queue() -> None:
    team = make_team("Restricted")
    make_agent("rita", role=Role.SUPERVISOR, teams=[team])
    Policy.objects.update_or_create(pk=1, defaults={"restricted_team": team})


def _proposed(cast: Cast) -> tuple[Parting, Message]:
    evidence = customer_writes(cast.customer, "you stupid bitch")
    parting = actions.propose_parting(
        cast.customer, cast.sam.user, "Abuse for weeks", [evidence.pk]
    )
    return parting, evidence


def test_a_supervisor_proposes_with_reason_and_evidence_and_admins_are_told(cast: Cast) -> None:
    parting, evidence = _proposed(cast)
    assert parting.state == PartingState.PROPOSED
    assert list(parting.evidence.all()) == [evidence]
    assert Notification.objects.filter(kind="parting_proposed", recipient=cast.ada.user).exists()
    event = Event.objects.get(verb="conduct.parting_proposed")
    assert event.customer_id == cast.customer.pk
    assert event.data["evidence"] == [evidence.pk]


def test_an_agent_cannot_propose_and_evidence_must_be_the_customers(cast: Cast) -> None:
    evidence = customer_writes(cast.customer, "you stupid bitch")
    with pytest.raises(PermissionDenied):
        actions.propose_parting(cast.customer, cast.alice.user, "no", [evidence.pk])
    other = customer_writes(make_customer("Someone else"), "fuck off")
    with pytest.raises(ValidationError):
        actions.propose_parting(cast.customer, cast.sam.user, "reason", [other.pk])
    with pytest.raises(ValidationError):
        actions.propose_parting(cast.customer, cast.sam.user, " ", [evidence.pk])


def test_only_an_admin_decides(cast: Cast) -> None:
    parting, _evidence = _proposed(cast)
    with pytest.raises(PermissionDenied):
        actions.approve_parting(parting, cast.sam.user)
    actions.reject_parting(parting, cast.ada.user, "Give them another chance")
    assert parting.state == PartingState.REJECTED
    assert Event.objects.filter(verb="conduct.parting_rejected").exists()


def test_approved_the_customer_is_told_and_new_contacts_go_to_the_restricted_queue(
    cast: Cast,
) -> None:
    _restricted_queue()
    parting, evidence = _proposed(cast)
    actions.approve_parting(parting, cast.ada.user, "Agreed")
    told = Message.objects.filter(
        conversation=evidence.conversation,
        direction=Direction.OUTBOUND,
        body_text__contains="appeal",
    )
    assert told.exists()
    evidence.conversation.refresh_from_db()
    assert evidence.conversation.team == Team.objects.get(name="Restricted")
    later = customer_writes(cast.customer, "Where is my refund?", new=True)
    later.conversation.refresh_from_db()
    assert later.conversation.team == Team.objects.get(name="Restricted")
    assert Message.objects.filter(pk=evidence.pk).exists()  # nothing deleted


def test_reversed_new_contacts_route_as_usual_and_every_step_is_audited(cast: Cast) -> None:
    _restricted_queue()
    parting, _evidence = _proposed(cast)
    actions.approve_parting(parting, cast.ada.user)
    with pytest.raises(ValidationError):
        actions.approve_parting(parting, cast.ada.user)
    actions.reverse_parting(parting, cast.ada.user, "Appeal upheld")
    assert parting.state == PartingState.REVERSED
    later = customer_writes(cast.customer, "Hello again, a question about delivery", new=True)
    later.conversation.refresh_from_db()
    assert later.conversation.team_id is None
    verbs = list(
        Event.objects.filter(subject_type="parting").order_by("pk").values_list("verb", flat=True)
    )
    assert verbs == [
        "conduct.parting_proposed",
        "conduct.parting_approved",
        "conduct.parting_told",
        "conduct.parting_reversed",
        "conduct.parting_told",
    ]


def test_the_customer_is_told_in_their_language(cast: Cast) -> None:
    customer = make_customer("Ayşe Yılmaz", language="tr")
    evidence = customer_writes(customer, "siktir git")
    parting = actions.propose_parting(customer, cast.sam.user, "Küfür", [evidence.pk])
    actions.approve_parting(parting, cast.ada.user)
    last = Message.objects.filter(direction=Direction.OUTBOUND).order_by("-pk").first()
    assert last is not None
    assert "yeniden inceleme" in last.body_text
