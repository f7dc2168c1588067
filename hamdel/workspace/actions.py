"""Workspace writes: bulk changes to many conversations, saved views, drafts.

Bulk changes call the tickets actions once per conversation, so each change has its
own audit event and signal, exactly as if it had been made on the conversation page.
"""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.tickets import actions as tickets
from hamdel.tickets.models import Conversation, Status
from hamdel.tickets.queries import visible_conversations
from hamdel.workspace import events
from hamdel.workspace.models import Draft, SavedView

BULK_LIMIT = 500  # conversations per bulk change; a page shows at most 100


def bulk_change(
    actor: User,
    ids: Iterable[int],
    *,
    action: str,
    assignee: User | None = None,
    status: str = "",
    tag: str = "",
) -> int:
    """Apply one change to the conversations among `ids` the actor may see; returns how many."""
    wanted = list(ids)[:BULK_LIMIT]
    conversations = list(visible_conversations(actor).filter(pk__in=wanted).order_by("pk"))
    if not conversations:
        raise ValidationError(_("Select at least one conversation."))
    with transaction.atomic():
        for conversation in conversations:
            if action == "assign":
                tickets.assign_conversation(conversation, actor, assignee=assignee)
            elif action == "status":
                tickets.change_status(conversation, status, actor)
            elif action == "tag":
                tickets.add_tags(conversation, [tag], actor)
            elif action == "spam":
                tickets.change_status(conversation, Status.SPAM, actor)
            else:
                raise ValidationError(_("Unknown bulk action."))
    return len(conversations)


def record_export(actor: User, list_name: str, query: str, rows: int) -> None:
    """Who exported which list (its query string) and how many rows, in the audit trail."""
    events.list_exported(actor, list_name, query, rows)


def save_view(owner: User, name: str, query: str) -> SavedView:
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the view a name."))
    saved, _created = SavedView.objects.update_or_create(
        owner=owner, name=name[:100], defaults={"query": query[:2000]}
    )
    return saved


def delete_view(owner: User, view_id: int) -> None:
    SavedView.objects.filter(owner=owner, pk=view_id).delete()


def save_draft(author: User, conversation: Conversation, body: str) -> None:
    if body.strip():
        Draft.objects.update_or_create(
            author=author, conversation=conversation, defaults={"body": body}
        )
    else:
        discard_draft(author, conversation)


def discard_draft(author: User, conversation: Conversation) -> None:
    Draft.objects.filter(author=author, conversation=conversation).delete()
