"""Audit events in words an agent reads: one short sentence per event verb."""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hamdel.audit.models import Event

VERBS: dict[str, str | Promise] = {
    "conversation.opened": _("opened the conversation"),
    "conversation.status": _("changed the status"),
    "conversation.assigned": _("assigned the conversation"),
    "conversation.priority": _("changed the priority"),
    "conversation.category": _("changed the category"),
    "conversation.subject": _("changed the subject"),
    "conversation.language": _("changed the language"),
    "conversation.tags": _("changed the tags"),
    "conversation.collaborator_added": _("added a collaborator"),
    "conversation.collaborator_removed": _("removed a collaborator"),
    "conversation.merged_into": _("merged this conversation into another"),
    "conversation.merged_from": _("merged another conversation into this one"),
    "conversation.split_from": _("split a message into a new conversation"),
    "message.inbound": _("message from the customer"),
    "message.outbound": _("reply to the customer"),
    "message.moved": _("moved a message to another conversation"),
    "note.added": _("wrote an internal note"),
    "customer.created": _("customer created"),
    "customer.changed": _("changed the customer's profile"),
    "customer.merged": _("merged another customer into this one"),
    "customer.merged_away": _("merged this customer into another"),
    "customer.unmerged": _("undid a customer merge"),
    "identity.added": _("added an identity"),
    "identity.removed": _("removed an identity"),
    "agent.created": _("created a staff account"),
    "agent.changed": _("changed a staff account"),
    "agent.deactivated": _("deactivated a staff account"),
    "agent.reactivated": _("reactivated a staff account"),
    "team.created": _("created a team"),
    "team.changed": _("changed a team"),
    "organisation.changed": _("changed the organisation settings"),
    "token.created": _("created an API token"),
    "token.revoked": _("revoked an API token"),
}


def describe(event: Event) -> str | Promise:
    return VERBS.get(event.verb, event.verb)


def change_of(event: Event) -> str:
    """A compact old → new for the audit table; values are data, not translated."""

    def show(value: Any) -> str:
        if isinstance(value, dict):
            return ", ".join(f"{key}: {show(item)}" for key, item in value.items())
        if isinstance(value, list):
            return ", ".join(show(item) for item in value)
        return "" if value is None else str(value)

    old, new = show(event.old), show(event.new)
    if old and new:
        return f"{old} → {new}"
    return new or old
