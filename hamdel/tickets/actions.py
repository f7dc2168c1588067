"""Every write to conversations, messages, notes and tags.

`add_message` is the single door for every inbound or outbound message, whatever
the channel: it sanitises HTML, hands the text to the `text` app (language,
redaction, normalisation, indexing) and writes the audit event.
"""

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import nh3
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.people.models import Agent, Customer, Organisation, Team
from hamdel.text.actions import (
    PreparedText,
    conversation_entry,
    customer_entry,
    index_conversation,
    index_message,
    index_messages,
    index_note,
    index_notes,
    message_entry,
    prepare_message,
    write_entries,
)
from hamdel.text.models import SearchEntry
from hamdel.tickets import events, signals
from hamdel.tickets.models import (
    FINISHED,
    Attachment,
    Category,
    Channel,
    Conversation,
    Counter,
    Direction,
    Message,
    Note,
    Priority,
    Status,
    Tag,
)

Actor = User | None

FIRST_CONVERSATION_NUMBER = 1001
CONVERSATION_NUMBER_SEQUENCE = "tickets_conversation_number"  # PostgreSQL only
MENTION = re.compile(r"(?<![\w@.])@([\w.\-]+[\w])")


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    content_type: str
    content: bytes

    @classmethod
    def from_upload(cls, upload: UploadedFile) -> "NewAttachment":
        limit = settings.MAX_ATTACHMENT_MB * 1024 * 1024
        if (upload.size or 0) > limit:
            # Refuse before reading an oversized file into memory.
            _check_attachments([cls(upload.name or "", "", b"")], sizes=[upload.size or 0])
        return cls(upload.name or "attachment", upload.content_type or "", upload.read())


def _next_number(name: str, first: int) -> int:
    """The next value of a named counter row; call inside a transaction (the row stays locked)."""
    if connection.vendor == "sqlite":  # one statement: UPDATE ... RETURNING (SQLite 3.35+)
        table = connection.ops.quote_name(Counter._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET value = value + 1 WHERE name = %s RETURNING value",  # noqa: S608
                [name],
            )
            row = cursor.fetchone()
        if row is not None:
            return int(row[0])
    updated = Counter.objects.filter(name=name).update(value=F("value") + 1)
    if not updated:
        Counter.objects.get_or_create(name=name, defaults={"value": first - 1})
        Counter.objects.filter(name=name).update(value=F("value") + 1)
    return Counter.objects.values_list("value", flat=True).get(name=name)


def _next_conversation_number() -> int:
    """The next conversation number.

    On PostgreSQL a sequence: a counter row would stay locked until the creating
    transaction commits, so every create would wait for the one before it. A create
    that fails leaves a gap, as in every other helpdesk. SQLite takes one writer at a
    time anyway, so the counter row costs nothing there and leaves no gaps.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s)", [CONVERSATION_NUMBER_SEQUENCE])
            return int(cursor.fetchone()[0])
    return _next_number("conversation", FIRST_CONVERSATION_NUMBER)


def continue_numbering() -> int:
    """Move the number source past the highest conversation number in use; returns it.

    For conversations written in bulk (imports, restores, benchmarks) rather than by
    open_conversation: without this the next create would take a number already used.
    """
    highest = Conversation.objects.order_by("-number").values_list("number", flat=True).first()
    highest = max(highest or 0, FIRST_CONVERSATION_NUMBER - 1)
    Counter.objects.update_or_create(name="conversation", defaults={"value": highest})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(%s, %s)", [CONVERSATION_NUMBER_SEQUENCE, highest])
    return highest


def sanitise_html(raw: str) -> str:
    return nh3.clean(raw, link_rel="noopener noreferrer nofollow") if raw else ""


def html_to_text(clean_html: str) -> str:
    with_breaks = re.sub(r"(?i)<br\s*/?>|</(p|div|li|h\d|tr)>", "\n", clean_html)
    return html.unescape(nh3.clean(with_breaks, tags=set())).strip()


def _check_attachments(
    attachments: Sequence[NewAttachment], sizes: Sequence[int] | None = None
) -> None:
    limit = settings.MAX_ATTACHMENT_MB * 1024 * 1024
    for attachment, size in zip(
        attachments, sizes or [len(a.content) for a in attachments], strict=True
    ):
        if size > limit:
            raise ValidationError(
                {
                    "attachments": _(
                        "“%(name)s” is %(size).1f MB; attachments may be at most %(limit)d MB."
                    )
                    % {
                        "name": attachment.filename,
                        "size": size / 1024 / 1024,
                        "limit": settings.MAX_ATTACHMENT_MB,
                    }
                },
                code="attachment_too_large",
            )


def _changed(conversation: Conversation, changes: dict[str, tuple[Any, Any]], actor: Actor) -> None:
    signals.conversation_changed.send(
        sender=Conversation, conversation=conversation, changes=changes, actor=actor
    )


def open_conversation(
    *,
    customer: Customer,
    channel: str,
    subject: str = "",
    body_text: str = "",
    body_html: str = "",
    actor: Actor = None,
    direction: str = Direction.INBOUND,
    team: Team | None = None,
    priority: str = Priority.NORMAL,
    category: str = Category.QUESTION,
    attachments: Sequence[NewAttachment] = (),
    external_id: str = "",
) -> Conversation:
    """A new conversation with its first message."""
    return open_conversation_with_message(
        customer=customer,
        channel=channel,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        actor=actor,
        direction=direction,
        team=team,
        priority=priority,
        category=category,
        attachments=attachments,
        external_id=external_id,
    )[0]


def open_conversation_with_message(
    *,
    customer: Customer,
    channel: str,
    subject: str = "",
    body_text: str = "",
    body_html: str = "",
    actor: Actor = None,
    direction: str = Direction.INBOUND,
    team: Team | None = None,
    priority: str = Priority.NORMAL,
    category: str = Category.QUESTION,
    attachments: Sequence[NewAttachment] = (),
    external_id: str = "",
) -> tuple[Conversation, Message]:
    """open_conversation, also returning the first message (with its attachments as
    `message.stored_attachments`), for callers that answer with both."""
    if channel not in Channel.values:
        raise ValidationError(
            {"channel": _("Unknown channel “%(channel)s”.") % {"channel": channel}}
        )
    if not (body_text.strip() or body_html.strip()):
        raise ValidationError({"message.body": _("The first message cannot be empty.")})
    # Language detection and redaction run before the transaction, not inside it.
    prepared = _prepare(customer.language, direction, body_text, body_html, attachments)
    with transaction.atomic():
        conversation = Conversation(
            number=_next_conversation_number(),
            subject=subject.strip()[:300],
            customer=customer,
            channel=channel,
            team=team,
            priority=priority,
            category=category,
            language=customer.language,
        )
        # The customer and team are rows we hold; re-reading them to validate is waste.
        conversation.full_clean(exclude=["number", "customer", "team"])
        conversation.save()
        entries: list[SearchEntry] = []
        message = _store_message(
            conversation,
            prepared,
            direction=direction,
            channel=None,
            author_customer=customer if direction == Direction.INBOUND else None,
            author_agent=actor if direction == Direction.OUTBOUND else None,
            attachments=attachments,
            external_id=external_id,
            actor=actor,
            opened=True,
            entries=entries,
        )
        # The message, the conversation and its customer (now with this number) are
        # indexed in one statement, from the rows in hand.
        entries.append(conversation_entry(conversation))
        if customer.merged_into_id is None:
            identities = [(i.kind, i.value, i.display) for i in customer.identities.all()]
            entries.append(
                customer_entry(
                    customer.pk,
                    customer.name,
                    customer.language,
                    customer.created_at,
                    identities=identities,
                )
            )
            write_entries(entries)
        else:  # a customer merged away leaves the index, as index_customer does
            write_entries(entries)
            index_conversation(conversation.pk)
    return conversation, message


def add_message(
    conversation: Conversation,
    *,
    direction: str,
    body_text: str = "",
    body_html: str = "",
    channel: str | None = None,
    author_customer: Customer | None = None,
    author_agent: Actor = None,
    attachments: Sequence[NewAttachment] = (),
    external_id: str = "",
    actor: Actor = None,
) -> Message:
    """Record a message in or out; a customer writing again reopens the conversation."""
    prepared = _prepare(conversation.language, direction, body_text, body_html, attachments)
    with transaction.atomic():
        return _store_message(
            conversation,
            prepared,
            direction=direction,
            channel=channel,
            author_customer=author_customer,
            author_agent=author_agent,
            attachments=attachments,
            external_id=external_id,
            actor=actor,
        )


def _prepare(
    language: str,
    direction: str,
    body_text: str,
    body_html: str,
    attachments: Sequence[NewAttachment],
) -> PreparedText:
    """Validate a message and run it through the text app (language, redaction)."""
    if direction not in Direction.values:
        raise ValidationError({"direction": _("Unknown direction.")})
    clean_html = sanitise_html(body_html)
    text = body_text if body_text.strip() else html_to_text(clean_html)
    if not text.strip() and not attachments:
        raise ValidationError({"body": _("A message needs text or an attachment.")})
    _check_attachments(attachments)
    organisation = Organisation.load()
    hint = language or organisation.default_language
    return prepare_message(text, clean_html, hint, organisation.redaction_enabled)


def _store_message(
    conversation: Conversation,
    prepared: PreparedText,
    *,
    direction: str,
    channel: str | None,
    author_customer: Customer | None,
    author_agent: Actor,
    attachments: Sequence[NewAttachment],
    external_id: str,
    actor: Actor,
    opened: bool = False,
    entries: list[SearchEntry] | None = None,
) -> Message:
    """Write a prepared message, its attachments, index entry and events; call in a transaction.

    `opened`: the message opens its conversation (its `conversation.opened` event is
    written with the message's). `entries`: collect the message's index entry there for
    the caller to write, instead of writing it now.
    """
    message = Message.objects.create(
        conversation=conversation,
        direction=direction,
        channel=channel or conversation.channel,
        author_customer=author_customer,
        author_agent=author_agent,
        body_text=prepared.text,
        body_html=prepared.html,
        language=prepared.language or "",
        redactions=prepared.redactions,
        external_id=external_id,
    )
    stored_attachments: list[Attachment] = []
    for attachment in attachments:
        stored = Attachment(
            message=message,
            filename=attachment.filename[:255] or "attachment",
            content_type=attachment.content_type or "application/octet-stream",
            size=len(attachment.content),
        )
        stored.file.save(attachment.filename, ContentFile(attachment.content), save=False)
        stored.save()
        stored_attachments.append(stored)
    message.stored_attachments = stored_attachments  # type: ignore[attr-defined]
    if entries is None:
        write_entries([message_entry(message)])
    else:
        entries.append(message_entry(message))
    changes: dict[str, tuple[Any, Any]] = {}
    customer_writes_again = direction == Direction.INBOUND and conversation.status in {
        Status.WAITING,
        Status.SOLVED,
    }
    first_reply = direction == Direction.OUTBOUND and conversation.status == Status.NEW
    if customer_writes_again or first_reply:
        changes["status"] = (conversation.status, Status.OPEN)
    if not conversation.language and prepared.language:
        changes["language"] = ("", prepared.language)
    for field, (_old, new) in changes.items():
        setattr(conversation, field, new)
    conversation.last_message_at = message.created_at
    conversation.save(update_fields=[*changes, "last_message_at", "updated_at"])
    events.message_added(message, actor, status=changes.get("status"), opened=opened)
    signals.message_added.send(sender=Message, message=message, actor=actor)
    if changes:
        _changed(conversation, changes, actor)
    return message


def _mentioned_users(body: str) -> list[User]:
    names = {name.lower() for name in MENTION.findall(body)}
    if not names:
        return []
    user_model = User
    any_name = Q()
    for name in names:
        any_name |= Q(username__iexact=name)
    return list(user_model.objects.filter(any_name, is_active=True, agent__isnull=False))


def add_note(conversation: Conversation, body: str, author: User) -> Note:
    """An internal note; @username mentions of active staff are recorded and notified."""
    if not body.strip():
        raise ValidationError({"body": _("A note cannot be empty.")})
    mentioned = _mentioned_users(body)
    with transaction.atomic():
        note = Note.objects.create(conversation=conversation, author=author, body=body.strip())
        note.mentions.set(mentioned)
        index_note(note.pk)
        conversation.save(update_fields=["updated_at"])
        events.note_added(note, [user.pk for user in mentioned], author)
        signals.note_added.send(sender=Note, note=note, mentioned=mentioned, actor=author)
    return note


UNSET: Any = object()


def assign_conversation(
    conversation: Conversation,
    actor: Actor,
    *,
    assignee: User | None = UNSET,
    team: Team | None = UNSET,
) -> Conversation:
    """Give the conversation to an agent and/or a team (None clears either)."""
    changes: dict[str, tuple[Any, Any]] = {}
    if assignee is not UNSET:
        if assignee is not None and not (
            assignee.is_active and Agent.objects.filter(user=assignee).exists()
        ):
            raise ValidationError({"assignee": _("Only active staff can be assigned.")})
        if conversation.assignee_id != (assignee.pk if assignee else None):
            changes["assignee"] = (conversation.assignee_id, assignee.pk if assignee else None)
            conversation.assignee = assignee
    if team is not UNSET and conversation.team_id != (team.pk if team else None):
        changes["team"] = (conversation.team_id, team.pk if team else None)
        conversation.team = team
    if changes:
        with transaction.atomic():
            conversation.save(update_fields=[*changes, "updated_at"])
            events.conversation_event(
                conversation,
                "assigned",
                actor,
                old={field: old for field, (old, _new) in changes.items()},
                new={field: new for field, (_old, new) in changes.items()},
            )
            _changed(conversation, changes, actor)
    return conversation


def change_status(conversation: Conversation, status: str, actor: Actor) -> Conversation:
    if status not in Status.values:
        raise ValidationError({"status": _("Unknown status “%(status)s”.") % {"status": status}})
    if conversation.merged_into_id is not None and status not in FINISHED:
        raise ValidationError({"status": _("A merged conversation cannot be reopened.")})
    old = conversation.status
    if old == status:
        return conversation
    conversation.status = status
    fields = ["status", "updated_at"]
    if status == Status.SOLVED:
        conversation.solved_at = timezone.now()
        fields.append("solved_at")
    with transaction.atomic():
        conversation.save(update_fields=fields)
        events.conversation_event(conversation, "status", actor, old=old, new=status)
        _changed(conversation, {"status": (old, status)}, actor)
    return conversation


EDITABLE_FIELDS = {
    "subject": None,
    "priority": Priority,
    "category": Category,
    "language": None,
}


def update_conversation(conversation: Conversation, actor: Actor, **fields: Any) -> Conversation:
    """Change subject, priority, category or language; each change is one event."""
    changes: dict[str, tuple[Any, Any]] = {}
    for field, value in fields.items():
        if field not in EDITABLE_FIELDS:
            raise ValidationError({field: _("This field cannot be changed here.")})
        choices = EDITABLE_FIELDS[field]
        if choices is not None and value not in choices.values:
            raise ValidationError(
                {field: _("“%(value)s” is not a valid choice.") % {"value": value}}
            )
        if getattr(conversation, field) != value:
            changes[field] = (getattr(conversation, field), value)
            setattr(conversation, field, value)
    if changes:
        conversation.full_clean(exclude=["number"])
        with transaction.atomic():
            conversation.save(update_fields=[*changes, "updated_at"])
            for field, (old, new) in changes.items():
                events.conversation_event(conversation, field, actor, old=old, new=new)
            if "subject" in changes:
                index_conversation(conversation.pk)
            _changed(conversation, changes, actor)
    return conversation


def _tag_names(names: Iterable[str]) -> list[str]:
    cleaned = sorted({name.strip().lower()[:64] for name in names if name.strip()})
    if any(" " in name for name in cleaned):
        raise ValidationError({"tags": _("Tags cannot contain spaces.")})
    return cleaned


def set_tags(conversation: Conversation, names: Iterable[str], actor: Actor) -> Conversation:
    wanted = _tag_names(names)
    before = sorted(conversation.tags.values_list("name", flat=True))
    if wanted == before:
        return conversation
    with transaction.atomic():
        existing = {tag.name: tag for tag in Tag.objects.filter(name__in=wanted)}
        missing = [Tag(name=name) for name in wanted if name not in existing]
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        conversation.tags.set(Tag.objects.filter(name__in=wanted))
        conversation.save(update_fields=["updated_at"])
        events.conversation_event(conversation, "tags", actor, old=before, new=wanted)
        _changed(conversation, {"tags": (before, wanted)}, actor)
    return conversation


def add_tags(conversation: Conversation, names: Iterable[str], actor: Actor) -> Conversation:
    current = list(conversation.tags.values_list("name", flat=True))
    return set_tags(conversation, [*current, *names], actor)


def remove_tags(conversation: Conversation, names: Iterable[str], actor: Actor) -> Conversation:
    dropped = set(_tag_names(names))
    current = conversation.tags.values_list("name", flat=True)
    return set_tags(conversation, [name for name in current if name not in dropped], actor)


def add_collaborator(conversation: Conversation, user: User, actor: Actor) -> Conversation:
    """Anyone on the staff, of any team, can be pulled into a conversation."""
    if not (user.is_active and Agent.objects.filter(user=user).exists()):
        raise ValidationError({"collaborator": _("Only active staff can collaborate.")})
    if conversation.collaborators.filter(pk=user.pk).exists():
        return conversation
    with transaction.atomic():
        conversation.collaborators.add(user)
        conversation.save(update_fields=["updated_at"])
        events.conversation_event(conversation, "collaborator_added", actor, new=user.pk)
        _changed(conversation, {"collaborators": (None, user.pk)}, actor)
    return conversation


def remove_collaborator(conversation: Conversation, user: User, actor: Actor) -> Conversation:
    if not conversation.collaborators.filter(pk=user.pk).exists():
        return conversation
    with transaction.atomic():
        conversation.collaborators.remove(user)
        conversation.save(update_fields=["updated_at"])
        events.conversation_event(conversation, "collaborator_removed", actor, old=user.pk)
        _changed(conversation, {"collaborators": (user.pk, None)}, actor)
    return conversation


def merge_conversations(source: Conversation, target: Conversation, actor: Actor) -> Conversation:
    """Move every message and note of `source` into `target`; `source` is closed with a link."""
    if source.pk == target.pk:
        raise ValidationError({"target": _("A conversation cannot be merged into itself.")})
    if source.merged_into_id is not None:
        raise ValidationError({"source": _("This conversation has already been merged.")})
    if target.merged_into_id is not None:
        raise ValidationError({"target": _("Cannot merge into a conversation that was merged.")})
    with transaction.atomic():
        message_ids = list(source.messages.values_list("pk", flat=True))
        note_ids = list(source.notes.values_list("pk", flat=True))
        Message.objects.filter(pk__in=message_ids).update(conversation=target)
        Note.objects.filter(pk__in=note_ids).update(conversation=target)
        index_messages(message_ids)
        index_notes(note_ids)
        target.collaborators.add(*source.collaborators.all())
        old_status = source.status
        source.status = Status.CLOSED
        source.merged_into = target
        source.save(update_fields=["status", "merged_into", "updated_at"])
        target.last_message_at = max(
            (t for t in (target.last_message_at, source.last_message_at) if t), default=None
        )
        target.save(update_fields=["last_message_at", "updated_at"])
        moved = {"messages": message_ids, "notes": note_ids}
        events.conversation_event(
            source, "merged_into", actor, old=old_status, new=target.pk, data=moved
        )
        events.conversation_event(
            target, "merged_from", actor, new=source.pk, data={"number": source.number, **moved}
        )
        _changed(source, {"status": (old_status, Status.CLOSED)}, actor)
        _changed(target, {"messages": (None, message_ids)}, actor)
    return target


def split_message(message: Message, actor: Actor, subject: str = "") -> Conversation:
    """Move one message out into a new conversation of the same customer."""
    source = message.conversation
    if source.messages.count() < 2:
        raise ValidationError(
            {"message": _("The only message of a conversation cannot be split off.")}
        )
    with transaction.atomic():
        conversation = Conversation.objects.create(
            number=_next_conversation_number(),
            subject=(subject or source.subject)[:300],
            customer=source.customer,
            channel=message.channel,
            team=source.team,
            priority=source.priority,
            category=source.category,
            language=message.language or source.language,
            status=Status.OPEN,
            last_message_at=message.created_at,
        )
        message.conversation = conversation
        message.save(update_fields=["conversation"])
        events.message_moved(message, source, actor)
        index_message(message.pk)
        index_conversation(conversation.pk)
        # For the new conversation the moved message is its first: its clocks start here.
        signals.message_added.send(sender=Message, message=message, actor=actor)
        events.conversation_event(
            conversation,
            "split_from",
            actor,
            new={"number": conversation.number},
            data={"source": source.pk, "message": message.pk},
        )
        source.save(update_fields=["updated_at"])
    return conversation
