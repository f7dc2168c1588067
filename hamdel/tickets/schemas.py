from datetime import datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, field_validator

from hamdel.lib.registry import channels
from hamdel.lib.validation import Body, Id, absent
from hamdel.tickets.models import (
    Attachment,
    Category,
    Conversation,
    Direction,
    Message,
    Note,
    Priority,
    Status,
)


class CustomerRef(Schema):
    id: int
    name: str
    tier: str


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    url: str

    @staticmethod
    def resolve_url(obj: Attachment) -> str:
        return f"/api/v1/attachments/{obj.pk}"


class DeliveryOut(Schema):
    """An outbound message on its way out (docs/conversations.md, "Delivery")."""

    status: str  # queued, sending, sent, delivered, failed
    attempts: int
    error: str  # the provider's reason for the last failure, or why nothing was attempted
    next_attempt_at: datetime | None  # when a failed message is tried again; None: never
    provider_message_id: str
    delivered_at: datetime | None


class MessageOut(Schema):
    id: int
    direction: str
    channel: str
    account: str
    author_customer_id: int | None
    author_agent_id: int | None
    body_text: str
    body_html: str
    language: str
    redactions: int
    created_at: datetime
    attachments: list[AttachmentOut]
    delivery: DeliveryOut | None  # None for a customer's message

    @staticmethod
    def resolve_delivery(obj: Message) -> DeliveryOut | None:
        if not obj.delivery:
            return None
        return DeliveryOut(
            status=obj.delivery,
            attempts=obj.delivery_attempts,
            error=obj.delivery_error,
            next_attempt_at=obj.delivery_retry_at,
            provider_message_id=obj.external_id,
            delivered_at=obj.delivered_at,
        )


class NoteOut(Schema):
    id: int
    author_id: int
    body: str
    mention_ids: list[int]
    created_at: datetime

    @staticmethod
    def resolve_mention_ids(obj: Note) -> list[int]:
        return [user.pk for user in obj.mentions.all()]


class ConversationOut(Schema):
    id: int
    number: int
    subject: str
    channel: str
    status: str
    priority: str
    category: str
    language: str
    customer: CustomerRef
    team_id: int | None
    assignee_id: int | None
    tags: list[str]
    merged_into_id: int | None
    created_at: datetime
    updated_at: datetime
    last_message_at: datetime | None

    @staticmethod
    def resolve_tags(obj: Conversation) -> list[str]:
        return [tag.name for tag in obj.tags.all()]


class ConversationDetail(ConversationOut):
    collaborator_ids: list[int]
    messages: list[MessageOut]
    notes: list[NoteOut]

    @staticmethod
    def resolve_collaborator_ids(obj: Conversation) -> list[int]:
        return [user.pk for user in obj.collaborators.all()]


class NewCustomer(Body):
    name: str = Field(min_length=1, max_length=200)
    email: str | None = None
    phone: str | None = None

    def identities(self) -> list[tuple[str, str]]:
        return [
            (kind, value) for kind, value in (("email", self.email), ("phone", self.phone)) if value
        ]


def _channel_enum(schema: dict[str, Any]) -> None:
    # Read when the OpenAPI document is built, so channels that apps declare are listed.
    schema["enum"] = list(channels())


class NewMessage(Body):
    body: str = Field(min_length=1)


class ConversationIn(Body):
    """The shape every integration relies on (DESIGN.md): keep it stable."""

    subject: str = Field(max_length=300)
    channel: str = Field(json_schema_extra=_channel_enum)
    customer: NewCustomer
    message: NewMessage

    @field_validator("channel")
    @classmethod
    def _declared_channel(cls, channel: str) -> str:
        if channel not in channels():
            raise ValueError(_("Unknown channel “%(channel)s”.") % {"channel": channel})
        return channel


class ConversationPatch(Body):
    """Fields left out stay as they are; none of them may be null."""

    subject: str = absent(max_length=300)
    priority: Priority = absent()
    category: Category = absent()
    language: str = absent(max_length=8)


class AssignIn(Body):
    assignee_id: Id | None = Field(None, description="absent: unchanged; null: unassigned")
    team_id: Id | None = Field(None, description="absent: unchanged; null: no team")


class StatusIn(Body):
    status: Status


class MergeIn(Body):
    target_id: Id


class MessageIn(Body):
    body: str = ""
    html: str = ""
    direction: Direction = Direction.OUTBOUND


class NoteIn(Body):
    body: str = Field(min_length=1)


class TagsIn(Body):
    tags: list[Annotated[str, Field(max_length=64)]]


class CollaboratorIn(Body):
    user_id: Id


class HitOut(Schema):
    type: str
    id: int
    conversation_id: int | None
    score: float
    snippet: str = Field(description="the original text, HTML-escaped, matches in <mark>")
