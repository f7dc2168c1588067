"""Audit events of the people app; called only from people.actions."""

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import new_event, record_event, record_events
from hamdel.people.models import Agent, Customer, Identity, Team

Actor = User | None


def customer_created(
    customer: Customer, actor: Actor, identities: Sequence[Identity] = ()
) -> list[Event]:
    """`customer.created`, then `identity.added` for each identity it was created with,
    written together."""
    rows = [
        new_event(
            "customer.created",
            subject_type="customer",
            subject_id=customer.pk,
            customer_id=customer.pk,
            actor=actor,
            new={"name": customer.name},
        )
    ]
    rows += [_identity_added_row(identity, actor) for identity in identities]
    return record_events(rows)


def customer_changed(
    customer: Customer, old: dict[str, Any], new: dict[str, Any], actor: Actor
) -> Event:
    return record_event(
        "customer.changed",
        subject_type="customer",
        subject_id=customer.pk,
        customer_id=customer.pk,
        actor=actor,
        old=old,
        new=new,
    )


def _identity_added_row(identity: Identity, actor: Actor) -> Event:
    return new_event(
        "identity.added",
        subject_type="identity",
        subject_id=identity.pk,
        customer_id=identity.customer_id,
        actor=actor,
        new={"kind": identity.kind, "value": identity.value},
    )


def identity_added(identity: Identity, actor: Actor) -> Event:
    return record_events([_identity_added_row(identity, actor)])[0]


def identity_removed(identity: Identity, actor: Actor) -> Event:
    return record_event(
        "identity.removed",
        subject_type="identity",
        subject_id=identity.pk,
        customer_id=identity.customer_id,
        actor=actor,
        old={"kind": identity.kind, "value": identity.value},
    )


def customers_merged(
    source: Customer, target: Customer, moved: dict[str, list[int]], actor: Actor
) -> Event:
    """One event on each side, so both timelines show the merge; the target's holds `moved`."""
    record_event(
        "customer.merged_away",
        subject_type="customer",
        subject_id=source.pk,
        customer_id=source.pk,
        actor=actor,
        new={"merged_into": target.pk},
    )
    return record_event(
        "customer.merged",
        subject_type="customer",
        subject_id=target.pk,
        customer_id=target.pk,
        actor=actor,
        data={"source": source.pk, "moved": moved},
    )


def customers_unmerged(source: Customer, target: Customer, merge: Event, actor: Actor) -> Event:
    record_event(
        "customer.unmerged",
        subject_type="customer",
        subject_id=source.pk,
        customer_id=source.pk,
        actor=actor,
        data={"from": target.pk, "merge_event": merge.pk},
    )
    return record_event(
        "customer.unmerged",
        subject_type="customer",
        subject_id=target.pk,
        customer_id=target.pk,
        actor=actor,
        data={"source": source.pk, "merge_event": merge.pk},
    )


def agent_changed(agent: Agent, verb: str, old: Any, new: Any, actor: Actor) -> Event:
    return record_event(
        f"agent.{verb}", subject_type="agent", subject_id=agent.pk, actor=actor, old=old, new=new
    )


def team_changed(team: Team, verb: str, old: Any, new: Any, actor: Actor) -> Event:
    return record_event(
        f"team.{verb}", subject_type="team", subject_id=team.pk, actor=actor, old=old, new=new
    )


def organisation_changed(old: dict[str, Any], new: dict[str, Any], actor: Actor) -> Event:
    return record_event(
        "organisation.changed",
        subject_type="organisation",
        subject_id=1,
        actor=actor,
        old=old,
        new=new,
    )


def staff_change_refused(agent: Agent | None, fields: Sequence[str], actor: User) -> Event:
    """Someone without the right tried to change a staff account (None: to create one)."""
    return record_event(
        "agent.change_refused",
        subject_type="agent",
        subject_id=agent.pk if agent else 0,
        actor=actor,
        data={"fields": list(fields)},
    )
