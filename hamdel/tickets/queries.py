"""Reads of conversations, each filtered by what the asking user may see."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Expression, F, Func, Prefetch, Q, QuerySet
from django.db.models.lookups import Exact, In
from django.http import Http404
from django.utils.translation import gettext as _

from hamdel.lib.prefetch import set_prefetched
from hamdel.people.models import Customer
from hamdel.people.queries import agent_of, team_ids_of
from hamdel.text.normalise import query_terms
from hamdel.text.queries import Hit, all_kinds, search
from hamdel.tickets.models import Attachment, Conversation, Message, Note, Tag

User = AbstractBaseUser | AnonymousUser
MAX_NUMBER_DIGITS = 18  # a conversation number is a BIGINT: longer digit runs name none


def visibility_filter(user: User) -> Q | None:
    """None for staff who see everything; else the Q an agent's conversations satisfy.

    An agent sees the conversations of their teams, those assigned to them and those
    they collaborate on. The collaborator test is a subquery, not a join, so the
    result needs no DISTINCT and keyset pagination stays a plain index scan.
    """
    agent = agent_of(user)
    if agent is None:
        return Q(pk__in=[])
    if agent.sees_everything:
        return None
    collaborations = Conversation.collaborators.through.objects.filter(user_id=agent.user_id)
    return (
        Q(In(unindexed("team_id"), team_ids_of(agent)))
        | Q(Exact(unindexed("assignee_id"), agent.user_id))
        | Q(In(unindexed("pk"), collaborations.values("conversation_id")))
    )


def unindexed(name: str) -> Expression:
    """The column, marked so that SQLite's planner does not read it from an index.

    SQLite keeps no statistics unless ANALYZE ran, and without them it answers the
    visibility OR from three indexes ("MULTI-INDEX OR") and then sorts every visible
    conversation to return the first 50. With `+column` it filters the rows it reads
    in list order from the view's index instead (`+x` is x, to SQL). PostgreSQL plans
    from its statistics and gets the plain column.
    """
    column = F(name)
    return UnaryPlus(column) if connection.vendor == "sqlite" else column  # type: ignore[return-value]


class UnaryPlus(Func):
    template = "+%(expressions)s"


def visible_conversations(user: User) -> QuerySet[Conversation]:
    conversations = Conversation.objects.all()
    condition = visibility_filter(user)
    return conversations if condition is None else conversations.filter(condition)


def conversations_for_list(user: User) -> QuerySet[Conversation]:
    return (
        visible_conversations(user)
        .select_related("customer", "team", "assignee")
        .prefetch_related("tags")
    )


def can_see_conversation(user: User, conversation: Conversation) -> bool:
    condition = visibility_filter(user)
    if condition is None:
        return True
    return Conversation.objects.filter(condition, pk=conversation.pk).exists()


def _with_detail(conversations: QuerySet[Conversation]) -> QuerySet[Conversation]:
    return conversations.prefetch_related(
        "tags",
        "collaborators",
        Prefetch(
            "messages",
            queryset=Message.objects.order_by("created_at", "id")
            .select_related("author_agent", "author_customer")
            .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id"))),
        ),
        Prefetch(
            "notes",
            queryset=Note.objects.order_by("created_at", "id")
            .select_related("author")
            .prefetch_related("mentions"),
        ),
    )


def conversation_for(user: User, pk: int, *, detail: bool = False) -> Conversation:
    """The conversation, if the user may see it; else 404, the same whether it is missing
    or another team's, so an answer never confirms what the user may not open."""
    conversations = Conversation.objects.select_related("customer", "team", "assignee")
    condition = visibility_filter(user)
    if condition is not None:
        conversations = conversations.filter(condition)
    if detail:
        conversations = _with_detail(conversations)
    conversation = conversations.filter(pk=pk).first()
    if conversation is None:
        raise Http404(_("No conversation with this id."))
    return conversation


def conversation_after_change(pk: int) -> Conversation:
    """The conversation with its detail, read back after a change its caller was allowed
    to make (every check ran before the write). Not filtered by visibility: an agent who
    handed a conversation to another team is told what their change did, though they
    cannot open it any more."""
    conversations = Conversation.objects.select_related("customer", "team", "assignee")
    return _with_detail(conversations).get(pk=pk)


def attachment_for(user: User, pk: int) -> Attachment:
    """The attachment, if the user may open its conversation; else 404, as for a missing one."""
    attachment = Attachment.objects.select_related("message__conversation").filter(pk=pk).first()
    if attachment is None or not can_see_conversation(user, attachment.message.conversation):
        raise Http404(_("No attachment with this id."))
    return attachment


def message_for(user: User, pk: int) -> Message:
    """The message, if the user may open its conversation; else 404, as for a missing one."""
    message = Message.objects.select_related("conversation").filter(pk=pk).first()
    if message is None or not can_see_conversation(user, message.conversation):
        raise Http404(_("No message with this id."))
    return message


def filter_conversations(
    conversations: QuerySet[Conversation],
    *,
    status: str | None = None,
    priority: str | None = None,
    category: str | None = None,
    channel: str | None = None,
    language: str | None = None,
    team_id: int | None = None,
    assignee_id: int | None = None,
    customer_id: int | None = None,
    tag: str | None = None,
) -> QuerySet[Conversation]:
    exact = {
        "status": status,
        "priority": priority,
        "category": category,
        "channel": channel,
        "language": language,
        "team_id": team_id,
        "assignee_id": assignee_id,
        "customer_id": customer_id,
    }
    conversations = conversations.filter(**{k: v for k, v in exact.items() if v is not None})
    if tag:
        tagged = Conversation.tags.through.objects.filter(tag__name=tag.lower())
        conversations = conversations.filter(pk__in=tagged.values("conversation_id"))
    return conversations


def search_everything(user: User, text: str, *, limit: int, kind: str | None = None) -> list[Hit]:
    """One search over what `user` may open; permissions are applied in SQL before the limit."""
    if kind is not None and kind not in all_kinds():
        raise ValidationError(
            {"type": _("Search one of: %(kinds)s.") % {"kinds": ", ".join(all_kinds())}}
        )
    condition = visibility_filter(user)
    visible = None if condition is None else Conversation.objects.filter(condition)
    return search(
        visible,
        text,
        limit,
        kinds=None if kind is None else (kind,),
        visible_customers=_customers_not_found_by_hidden_numbers(text, visible),
    )


def _customers_not_found_by_hidden_numbers(
    text: str, visible: QuerySet[Conversation] | None
) -> QuerySet[Customer] | None:
    """Customers are indexed by their conversations' numbers (#1042 finds its customer).
    Searching for the number of a conversation the user may not open must not find its
    customer, or the answer would confirm that the conversation exists: those customers
    are left out of this search. None (every customer) when nothing is hidden."""
    numbers = {
        int(alternative)
        for term in query_terms(text)
        for alternative in term
        if alternative.isdigit() and len(alternative) <= MAX_NUMBER_DIGITS
    }
    if visible is None or not numbers:
        return None
    hidden = Conversation.objects.filter(number__in=numbers).exclude(pk__in=visible.values("pk"))
    return Customer.objects.exclude(pk__in=hidden.values("customer_id"))


def tags_for(user: User) -> QuerySet[Tag]:
    """The tags on conversations the user may open: a tag used only on another team's
    conversations is not shown (nor confirmed) to them."""
    tags = Tag.objects.order_by("name")
    condition = visibility_filter(user)
    if condition is None:
        return tags
    used = Conversation.tags.through.objects.filter(
        conversation_id__in=Conversation.objects.filter(condition).values("pk")
    )
    return tags.filter(pk__in=used.values("tag_id"))


def opened_conversation_for(
    user: User, conversation: Conversation, message: Message
) -> Conversation:
    """What conversation_for(detail=True) would read back for a conversation just opened,
    from the rows in hand: no tags, collaborators or notes yet, one message with the
    attachments it was stored with. Saves the six reads of a create's response. The
    creator is shown what they created even when it went to no team of theirs."""
    set_prefetched(conversation, "tags", [])
    set_prefetched(conversation, "collaborators", [])
    set_prefetched(conversation, "notes", [])
    set_prefetched(conversation, "messages", [message])
    set_prefetched(message, "attachments", list(getattr(message, "stored_attachments", [])))
    return conversation
