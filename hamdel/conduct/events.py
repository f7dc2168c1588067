"""Audit events of the conduct app; called only from conduct.actions.

Each carries the customer (and the conversation when there is one), so every step shows
on the customer's timeline and in the audit trail.
"""

from typing import Any

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event
from hamdel.conduct.models import Detection, ExtraTerm, Parting, Policy, Template
from hamdel.tickets.models import Conversation, Message

Actor = User | None


def detected(detection: Detection) -> Event:
    return record_event(
        "conduct.detected",
        subject_type="message",
        subject_id=detection.message_id,
        customer_id=detection.customer_id,
        conversation_id=detection.conversation_id,
        new={"severity": detection.severity},
        data={"categories": detection.categories, "matches": len(detection.matches)},
    )


def _conversation_event(
    verb: str, conversation: Conversation, actor: Actor, data: dict[str, Any]
) -> Event:
    return record_event(
        f"conduct.{verb}",
        subject_type="conversation",
        subject_id=conversation.pk,
        actor=actor,
        customer_id=conversation.customer_id,
        conversation_id=conversation.pk,
        data=data,
    )


def warned(conversation: Conversation, message: Message, language: str) -> Event:
    return _conversation_event(
        "warned", conversation, None, {"message": message.pk, "language": language}
    )


def escalated(conversation: Conversation, reason: str, supervisors: list[int]) -> Event:
    return _conversation_event(
        "escalated", conversation, None, {"reason": reason, "supervisors": supervisors}
    )


def restricted(conversation: Conversation, team_id: int, reason: str) -> Event:
    return _conversation_event(
        "restricted", conversation, None, {"team": team_id, "reason": reason}
    )


def confused(conversation: Conversation, data: dict[str, Any]) -> Event:
    return _conversation_event("confused", conversation, None, data)


def handed_over(conversation: Conversation, actor: User, supervisor: User) -> Event:
    return _conversation_event("handed_over", conversation, actor, {"supervisor": supervisor.pk})


def revealed(message: Message, actor: User) -> Event:
    return record_event(
        "conduct.revealed",
        subject_type="message",
        subject_id=message.pk,
        actor=actor,
        customer_id=message.conversation.customer_id,
        conversation_id=message.conversation_id,
    )


def parting(verb: str, parting: Parting, actor: Actor, data: dict[str, Any] | None = None) -> Event:
    return record_event(
        f"conduct.parting_{verb}",
        subject_type="parting",
        subject_id=parting.pk,
        actor=actor,
        customer_id=parting.customer_id,
        new={"state": parting.state},
        data=data or {},
    )


def settings_changed(policy: Policy, actor: User, changes: dict[str, Any]) -> Event:
    return record_event(
        "conduct.settings_changed",
        subject_type="conduct_policy",
        subject_id=policy.pk,
        actor=actor,
        data={"changes": changes},
    )


def template_changed(template: Template, actor: User) -> Event:
    return record_event(
        "conduct.template_changed",
        subject_type="conduct_template",
        subject_id=template.pk,
        actor=actor,
        data={"kind": template.kind, "language": template.language},
    )


def term_changed(term: ExtraTerm, actor: User, change: str) -> Event:
    return record_event(
        f"conduct.term_{change}",
        subject_type="conduct_term",
        subject_id=term.pk,
        actor=actor,
        data={"text": term.text, "language": term.language, "severity": term.severity},
    )


def preference_changed(actor: User, never_reveal: bool) -> Event:
    return record_event(
        "conduct.preference_changed",
        subject_type="user",
        subject_id=actor.pk,
        actor=actor,
        new={"never_reveal": never_reveal},
    )
