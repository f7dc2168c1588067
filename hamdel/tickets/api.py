"""Conversation endpoints. Thin: parse, call one query or action, return."""

from django.contrib.auth.models import User
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import Field

from hamdel.lib.pagination import CURSOR_MAX_LENGTH, DEFAULT_LIMIT, MAX_LIMIT, paginate
from hamdel.lib.schemas import PageOut
from hamdel.lib.validation import PathId, QueryId
from hamdel.people.models import Team
from hamdel.people.permissions import caller
from hamdel.people.queries import default_team_of
from hamdel.text.queries import Hit
from hamdel.tickets import actions, queries
from hamdel.tickets.models import Category, Conversation, Direction, Message, Note, Priority
from hamdel.tickets.models import Status as ConversationStatus
from hamdel.tickets.schemas import (
    AssignIn,
    CollaboratorIn,
    ConversationDetail,
    ConversationIn,
    ConversationOut,
    ConversationPatch,
    HitOut,
    MergeIn,
    MessageIn,
    MessageOut,
    NoteIn,
    NoteOut,
    StatusIn,
    TagsIn,
)

router = Router(tags=["conversations"])
SORTS = ("-updated_at", "updated_at", "-created_at", "created_at", "-number", "number")


class ConversationFilters(Schema):
    status: ConversationStatus | None = None
    priority: Priority | None = None
    category: Category | None = None
    channel: str | None = Field(None, max_length=16)
    language: str | None = Field(None, max_length=8)
    team_id: QueryId | None = None
    assignee_id: QueryId | None = None
    customer_id: QueryId | None = None
    tag: str | None = Field(None, max_length=64)
    sort: str = Field("-updated_at", json_schema_extra={"enum": list(SORTS)})
    cursor: str | None = Field(None, max_length=CURSOR_MAX_LENGTH)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def _detail(request: HttpRequest, conversation_id: int) -> Conversation:
    return queries.conversation_for(caller(request), conversation_id, detail=True)


def _changed(conversation_id: int) -> Conversation:
    """The answer to an allowed change: every check ran before it (docs/security.md)."""
    return queries.conversation_after_change(conversation_id)


@router.get("/conversations", response=PageOut[ConversationOut])
def list_conversations(request: HttpRequest, filters: Query[ConversationFilters]) -> object:
    conversations = queries.filter_conversations(
        queries.conversations_for_list(caller(request)),
        **filters.dict(exclude={"sort", "cursor", "limit"}, exclude_none=True),
    )
    return paginate(
        conversations,
        list_name="conversations",
        sort=filters.sort,
        allowed_sorts=SORTS,
        cursor=filters.cursor,
        limit=filters.limit,
    )


@router.post("/conversations", response={201: ConversationDetail})
def create_conversation(request: HttpRequest, payload: ConversationIn) -> Status[Conversation]:
    received = actions.receive_message(
        channel=payload.channel,
        sender=actions.Sender(payload.customer.identities(), name=payload.customer.name),
        subject=payload.subject,
        body_text=payload.message.body,
        hints=actions.ThreadHints(new=True),
        team=default_team_of(caller(request)),
        actor=caller(request),
    )
    opened = queries.opened_conversation_for(
        caller(request), received.conversation, received.message
    )
    return Status(201, opened)


@router.get("/conversations/{conversation_id}", response=ConversationDetail)
def get_conversation(request: HttpRequest, conversation_id: PathId) -> Conversation:
    return _detail(request, conversation_id)


@router.patch("/conversations/{conversation_id}", response=ConversationDetail)
def update_conversation(
    request: HttpRequest, conversation_id: PathId, payload: ConversationPatch
) -> Conversation:
    conversation = queries.conversation_for(caller(request), conversation_id)
    actions.update_conversation(conversation, caller(request), **payload.dict(exclude_unset=True))
    return _changed(conversation_id)


@router.post("/conversations/{conversation_id}/assign", response=ConversationDetail)
def assign_conversation(
    request: HttpRequest, conversation_id: PathId, payload: AssignIn
) -> Conversation:
    conversation = queries.conversation_for(caller(request), conversation_id)
    given = payload.model_fields_set  # absent leaves a field alone; null clears it
    assignee: User | None = actions.UNSET
    team: Team | None = actions.UNSET
    if "assignee_id" in given:
        assignee = payload.assignee_id and get_object_or_404(User, pk=payload.assignee_id) or None
    if "team_id" in given:
        team = payload.team_id and get_object_or_404(Team, pk=payload.team_id) or None
    actions.assign_conversation(conversation, caller(request), assignee=assignee, team=team)
    return _changed(conversation_id)


@router.post("/conversations/{conversation_id}/status", response=ConversationDetail)
def change_status(request: HttpRequest, conversation_id: PathId, payload: StatusIn) -> Conversation:
    conversation = queries.conversation_for(caller(request), conversation_id)
    actions.change_status(conversation, payload.status, caller(request))
    return _changed(conversation_id)


@router.post("/conversations/{conversation_id}/merge", response=ConversationDetail)
def merge_conversation(
    request: HttpRequest, conversation_id: PathId, payload: MergeIn
) -> Conversation:
    """Merge this conversation into `target_id`; returns the target."""
    source = queries.conversation_for(caller(request), conversation_id)
    target = queries.conversation_for(caller(request), payload.target_id)
    actions.merge_conversations(source, target, caller(request))
    return _changed(target.pk)


@router.post("/messages/{message_id}/split", response={201: ConversationDetail})
def split_message(request: HttpRequest, message_id: PathId) -> Status[Conversation]:
    """Move one message into a new conversation; returns the new conversation."""
    message = queries.message_for(caller(request), message_id)
    conversation = actions.split_message(message, caller(request))
    return Status(201, _changed(conversation.pk))


@router.post("/conversations/{conversation_id}/messages", response={201: MessageOut})
def add_message(
    request: HttpRequest, conversation_id: PathId, payload: MessageIn
) -> Status[Message]:
    conversation = queries.conversation_for(caller(request), conversation_id)
    message = actions.add_message(
        conversation,
        direction=payload.direction,
        body_text=payload.body,
        body_html=payload.html,
        author_agent=caller(request) if payload.direction == Direction.OUTBOUND else None,
        author_customer=conversation.customer if payload.direction == Direction.INBOUND else None,
        actor=caller(request),
    )
    return Status(201, message)


@router.post("/conversations/{conversation_id}/messages/{message_id}/retry", response=MessageOut)
def retry_delivery(request: HttpRequest, conversation_id: int, message_id: int) -> Message:
    """Queue a failed reply to be sent again; any other message is answered as it is."""
    message = queries.message_for(caller(request), message_id)
    if message.conversation_id != conversation_id:
        raise Http404
    return actions.retry_delivery(message, caller(request))


@router.post("/conversations/{conversation_id}/messages/upload", response={201: MessageOut})
def add_message_with_files(
    request: HttpRequest,
    conversation_id: PathId,
    body: Form[str] = "",
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[Message]:
    """A reply with attachments, as multipart/form-data."""
    conversation = queries.conversation_for(caller(request), conversation_id)
    message = actions.add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text=body,
        author_agent=caller(request),
        attachments=[actions.NewAttachment.from_upload(upload) for upload in files or []],
        actor=caller(request),
    )
    return Status(201, message)


@router.post("/conversations/{conversation_id}/notes", response={201: NoteOut})
def add_note(request: HttpRequest, conversation_id: PathId, payload: NoteIn) -> Status[Note]:
    conversation = queries.conversation_for(caller(request), conversation_id)
    return Status(201, actions.add_note(conversation, payload.body, caller(request)))


@router.put("/conversations/{conversation_id}/tags", response=ConversationDetail)
def set_tags(request: HttpRequest, conversation_id: PathId, payload: TagsIn) -> Conversation:
    conversation = queries.conversation_for(caller(request), conversation_id)
    actions.set_tags(conversation, payload.tags, caller(request))
    return _changed(conversation_id)


@router.post("/conversations/{conversation_id}/tags", response=ConversationDetail)
def add_tags(request: HttpRequest, conversation_id: PathId, payload: TagsIn) -> Conversation:
    conversation = queries.conversation_for(caller(request), conversation_id)
    actions.add_tags(conversation, payload.tags, caller(request))
    return _changed(conversation_id)


@router.delete("/conversations/{conversation_id}/tags/{tag}", response=ConversationDetail)
def remove_tag(request: HttpRequest, conversation_id: PathId, tag: str) -> Conversation:
    conversation = queries.conversation_for(caller(request), conversation_id)
    actions.remove_tags(conversation, [tag], caller(request))
    return _changed(conversation_id)


@router.post("/conversations/{conversation_id}/collaborators", response=ConversationDetail)
def add_collaborator(
    request: HttpRequest, conversation_id: PathId, payload: CollaboratorIn
) -> Conversation:
    conversation = queries.conversation_for(caller(request), conversation_id)
    user = get_object_or_404(User, pk=payload.user_id)
    actions.add_collaborator(conversation, user, caller(request))
    return _changed(conversation_id)


@router.delete(
    "/conversations/{conversation_id}/collaborators/{user_id}", response=ConversationDetail
)
def remove_collaborator(
    request: HttpRequest, conversation_id: PathId, user_id: PathId
) -> Conversation:
    conversation = queries.conversation_for(caller(request), conversation_id)
    user = get_object_or_404(User, pk=user_id)
    actions.remove_collaborator(conversation, user, caller(request))
    return _changed(conversation_id)


@router.get("/attachments/{attachment_id}")
def download_attachment(request: HttpRequest, attachment_id: PathId) -> FileResponse:
    """Always a download, never rendered inline: customers' files are untrusted."""
    attachment = queries.attachment_for(caller(request), attachment_id)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.filename
    )
    response["Content-Type"] = "application/octet-stream"
    response["Content-Security-Policy"] = "sandbox"
    return response


class SearchFilters(Schema):
    q: str = Field(min_length=1, max_length=500)
    type: str | None = Field(None, description="message, note, conversation or customer")
    limit: int = Field(20, ge=1, le=100)


@router.get("/search", response=list[HitOut], tags=["search"])
def search(request: HttpRequest, filters: Query[SearchFilters]) -> list[Hit]:
    """Conversations, messages and customers (by name, email, phone, #number) the caller may see."""
    return queries.search_everything(
        caller(request), filters.q, limit=filters.limit, kind=filters.type
    )


@router.get("/tags", response=list[str])
def list_tags(request: HttpRequest) -> list[str]:
    """The tags in use on conversations the caller may open, for autocompletion."""
    return list(queries.tags_for(caller(request)).values_list("name", flat=True))
