"""Audit events of the messaging app; called only from its actions and inbound.py.
No secret is ever written into an event."""

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event
from hamdel.messaging.models import Account, Template
from hamdel.tickets.models import Message


def account_saved(account: Account, created: bool, actor: User | None) -> Event:
    return record_event(
        "messaging.account_created" if created else "messaging.account_changed",
        subject_type="messaging_account",
        subject_id=account.pk,
        actor=actor,
        data={
            "kind": account.kind,
            "name": account.name,
            "team": account.team_id,
            "active": account.is_active,
        },
    )


def template_saved(template: Template, actor: User | None) -> Event:
    return record_event(
        "messaging.template_saved",
        subject_type="messaging_account",
        subject_id=template.account_id,
        actor=actor,
        data={"name": template.name, "language": template.language, "approved": template.approved},
    )


def media_dropped(message: Message, filenames: list[str]) -> Event:
    return record_event(
        "messaging.media_dropped",
        subject_type="message",
        subject_id=message.pk,
        actor=None,
        customer_id=message.conversation.customer_id,
        conversation_id=message.conversation_id,
        data={"files": filenames},
    )
