"""Reads behind the workspace pages; all start from tickets.queries' visibility rules."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from weakref import WeakKeyDictionary

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import In
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hamdel.audit.models import CUSTOMER_ACTOR, Event
from hamdel.lib.localise import parse_day, start_of
from hamdel.lib.params import choice_param, parse_id
from hamdel.lib.registry import channels
from hamdel.people.models import Agent, Customer, Team, Tier
from hamdel.people.queries import agent_of, team_ids_of
from hamdel.tickets.models import (
    ACTIVE,
    FINISHED,
    Category,
    Channel,
    Conversation,
    Priority,
    Status,
)
from hamdel.tickets.queries import (
    conversations_for_list,
    filter_conversations,
    tags_for,
    unindexed,
    visibility_filter,
    visible_conversations,
)
from hamdel.workspace.models import Draft, SavedView

Viewer = AbstractBaseUser | AnonymousUser
RECENTLY_SOLVED_DAYS = 7
SORTS = ("-updated_at", "updated_at", "-created_at", "created_at", "-number", "number", "due")
FILTERS = (
    "status",
    "priority",
    "category",
    "team",
    "assignee",
    "language",
    "tag",
    "tier",
    "channel",
)
TAG_CHOICES = 200  # the filter select lists the first tags by name; more are typed in


@dataclass(frozen=True)
class InboxView:
    slug: str
    label: str | Promise


VIEWS = (
    InboxView("mine", _("My open")),
    InboxView("unassigned", _("Unassigned")),
    InboxView("team", _("My team")),
    InboxView("all", _("All")),
    InboxView("waiting", _("Waiting on customer")),
    InboxView("solved", _("Recently solved")),
    InboxView("spam", _("Spam")),
)
VIEW_SLUGS = tuple(view.slug for view in VIEWS)

# The search page's type filter: (value, label); "" searches everything.
SEARCH_KINDS = (
    ("", _("Everything")),
    ("conversation", _("Conversations")),
    ("message", _("Messages")),
    ("note", _("Internal notes")),
    ("customer", _("Customers")),
)


class LiteralIn(In):  # type: ignore[type-arg]
    """`status IN ('new', 'open', 'on_hold')` with the values in the SQL text.

    SQLite uses a partial index only when the query repeats its WHERE clause with the
    same constants; bound parameters do not count. The values are our own status names.
    """

    def process_rhs(self, compiler: Any, connection: Any) -> tuple[str, tuple[()]]:
        values = [str(value) for value in self.rhs]
        if not all(value.isidentifier() and value.islower() for value in values):
            raise ValueError(f"not a status: {values!r}")
        return "(" + ", ".join(f"'{value}'" for value in values) + ")", ()


def _open() -> Q:
    return Q(LiteralIn(F("status"), [str(status) for status in ACTIVE]))


def view_condition(slug: str, user: Viewer, team_ids: list[int]) -> Q:
    """The Q of one inbox view, for this user; visibility is applied separately."""
    recent = timezone.now() - timedelta(days=RECENTLY_SOLVED_DAYS)
    conditions = {
        "mine": Q(assignee_id=user.pk) & _open(),
        "unassigned": Q(assignee__isnull=True) & _open(),
        # In list order from the open conversations' index, not sorted from the team's.
        "team": Q(In(unindexed("team_id"), team_ids)) & _open(),
        "all": ~Q(status=Status.SPAM),
        "waiting": Q(status=Status.WAITING),
        "solved": Q(status__in=[Status.SOLVED, Status.CLOSED], updated_at__gte=recent),
        "spam": Q(status=Status.SPAM),
    }
    return conditions[slug]


# The statuses a view's count can be read from; None: every status.
_VIEW_STATUSES: dict[str, list[str] | None] = {
    "mine": list(ACTIVE),
    "unassigned": list(ACTIVE),
    "team": list(ACTIVE),
    "all": None,
    "waiting": [Status.WAITING],
    "spam": [Status.SPAM],
}
Bucket = tuple[int | None, str, int | None, int]  # team_id, status, assignee_id, count


def _buckets(user: Viewer, statuses: list[str] | None = None) -> list[Bucket]:
    """How many visible conversations there are per (team, status, assignee), in one query.

    An agent's visibility (their teams OR assigned to them OR a collaboration) defeats
    every index when written as one OR, so it is counted as three disjoint parts, each
    read from a covering index: their teams' conversations; those assigned to them in no
    team of theirs; those they collaborate on that neither part counted.
    """
    agent = agent_of(user)
    if agent is None:
        return []
    conversations = Conversation.objects.order_by()
    if statuses is not None:
        conversations = conversations.filter(status__in=statuses)

    def grouped(part: QuerySet[Conversation]) -> QuerySet[Any]:
        return part.values_list("team_id", "status", "assignee_id").annotate(n=Count("*"))

    if agent.sees_everything:
        return list(grouped(conversations))
    team_ids = team_ids_of(agent)
    collaborations = Conversation.collaborators.through.objects.filter(user_id=agent.user_id)
    elsewhere = conversations.exclude(team_id__in=team_ids) if team_ids else conversations
    parts = [
        grouped(elsewhere.filter(assignee_id=agent.user_id)),
        grouped(
            elsewhere.exclude(assignee_id=agent.user_id).filter(
                pk__in=collaborations.values("conversation_id")
            )
        ),
    ]
    if team_ids:
        parts.insert(0, grouped(conversations.filter(team_id__in=team_ids)))
    return list(parts[0].union(*parts[1:], all=True))


def _counts_of(buckets: list[Bucket], user: Viewer, team_ids: list[int]) -> dict[str, int]:
    """Every view's count but "solved" (which depends on time) from the buckets."""
    counts = dict.fromkeys(VIEW_SLUGS, 0)
    active, teams = set(ACTIVE), set(team_ids)
    for team_id, status, assignee_id, n in buckets:
        if status in active:
            counts["mine"] += n if assignee_id is not None and assignee_id == user.pk else 0
            counts["unassigned"] += n if assignee_id is None else 0
            counts["team"] += n if team_id in teams else 0
        counts["spam" if status == Status.SPAM else "all"] += n
        counts["waiting"] += n if status == Status.WAITING else 0
    return counts


def view_counts(user: Viewer) -> dict[str, int]:
    """Exact counts of every view: the grouped counts and the recently solved ones."""
    agent = agent_of(user)
    team_ids = team_ids_of(agent) if agent else []
    counts = _counts_of(_buckets(user), user, team_ids)
    solved = visible_conversations(user).filter(view_condition("solved", user, team_ids))
    counts["solved"] = solved.count()
    return counts


# The querysets inbox_conversations made for a view without filters: count_matching counts
# them from the grouped counts, which read covering indexes, rather than with COUNT(*)
# under an agent's visibility OR, which reads the table.
_PLAIN_VIEWS: "WeakKeyDictionary[QuerySet[Conversation], tuple[Viewer, str]]" = WeakKeyDictionary()


@dataclass
class InboxQuery:
    """What the inbox was asked for, parsed from the query string."""

    view: str = "mine"
    sort: str = "-updated_at"
    filters: dict[str, str] = field(default_factory=dict)
    since: str = ""
    until: str = ""
    text: str = ""

    @classmethod
    def from_params(cls, params: QueryDict) -> "InboxQuery":
        """Raises ValidationError (a 400 page) for a value no select offers."""
        return cls(
            view=choice_param(params, "view", VIEW_SLUGS, "mine"),
            sort=choice_param(params, "sort", SORTS, "-updated_at"),
            filters={name: _checked_filter(params, name) for name in FILTERS if params.get(name)},
            since=params.get("since", ""),
            until=params.get("until", ""),
            text=params.get("q", "").strip(),
        )

    @property
    def list_name(self) -> str:
        return f"inbox:{self.view}"

    @property
    def is_plain(self) -> bool:
        """A view as it is, with no filter, text or dates narrowing it."""
        return not (self.filters or self.text or self.since or self.until)


def _filter_choices(name: str) -> list[str]:
    choices: dict[str, Any] = {
        "status": Status.values,
        "priority": Priority.values,
        "category": Category.values,
        "channel": list(channels()),
        "language": [code for code, _name in settings.LANGUAGES],
        "tier": Tier.values,
    }
    return list(choices[name])


def _checked_filter(params: QueryDict, name: str) -> str:
    value = str(params.get(name))
    if name == "team" or (name == "assignee" and value != "none"):
        parse_id(value, name)
    elif name != "tag":
        choice_param(params, name, _filter_choices(name))
    return value


def _int(value: str | None) -> int | None:
    return parse_id(value, "id") if value and value != "none" else None


def inbox_conversations(user: Viewer, query: InboxQuery, tz_name: str) -> QuerySet[Conversation]:
    """The visible conversations of one view with the filters applied, ready to paginate."""
    agent = agent_of(user)
    team_ids = team_ids_of(agent) if agent else []
    conversations = conversations_for_list(user).filter(view_condition(query.view, user, team_ids))
    wanted = query.filters
    assignee = wanted.get("assignee")
    conversations = filter_conversations(
        conversations,
        status=wanted.get("status"),
        priority=wanted.get("priority"),
        category=wanted.get("category"),
        channel=wanted.get("channel"),
        language=wanted.get("language"),
        team_id=_int(wanted.get("team")),
        assignee_id=_int(assignee),
        tag=wanted.get("tag"),
    )
    if assignee == "none":
        conversations = conversations.filter(assignee__isnull=True)
    if wanted.get("tier"):
        conversations = conversations.filter(customer__tier=wanted["tier"])
    since, until = parse_day(query.since), parse_day(query.until)
    if since:
        conversations = conversations.filter(created_at__gte=start_of(since, tz_name))
    if until:
        conversations = conversations.filter(
            created_at__lt=start_of(until + timedelta(days=1), tz_name)
        )
    if query.text:
        number = query.text.lstrip("#")
        match = Q(subject__icontains=query.text) | Q(customer__name__icontains=query.text)
        conversations = conversations.filter(
            match | Q(number=int(number)) if number.isascii() and number.isdigit() else match
        )
    if not (query.filters or query.text or since or until):
        _PLAIN_VIEWS[conversations] = (user, query.view)
    return conversations


def count_matching(conversations: QuerySet[Conversation]) -> int:
    plain = _PLAIN_VIEWS.get(conversations)
    if plain is not None:
        user, slug = plain
        agent = agent_of(user)
        if agent is not None and slug in _VIEW_STATUSES:
            team_ids = team_ids_of(agent)
            return _counts_of(_buckets(user, _VIEW_STATUSES[slug]), user, team_ids)[slug]
    return conversations.count()


def export_rows(conversations: QuerySet[Conversation]) -> Iterator[list[Any]]:
    """The CSV rows of a list; streamed in chunks so a big export stays in small memory."""
    yield [
        "number", "subject", "status", "priority", "category", "channel", "language",
        "customer", "tier", "team", "assignee", "tags", "created_at", "updated_at",
    ]  # fmt: skip
    for conversation in conversations.order_by("-updated_at", "-id").iterator(chunk_size=500):
        yield [
            conversation.number,
            conversation.subject,
            conversation.status,
            conversation.priority,
            conversation.category,
            conversation.channel,
            conversation.language,
            conversation.customer.name,
            conversation.customer.tier,
            conversation.team.name if conversation.team else "",
            conversation.assignee.get_username() if conversation.assignee else "",
            " ".join(tag.name for tag in conversation.tags.all()),
            conversation.created_at.isoformat(),
            conversation.updated_at.isoformat(),
        ]


def saved_views_of(user: Viewer) -> QuerySet[SavedView]:
    return SavedView.objects.filter(owner_id=user.pk)


def draft_of(user: Viewer, conversation: Conversation) -> str:
    draft = Draft.objects.filter(author_id=user.pk, conversation=conversation).first()
    return draft.body if draft else ""


def active_agents() -> QuerySet[Agent]:
    return (
        Agent.objects.filter(user__is_active=True).select_related("user").order_by("user__username")
    )


def other_open_conversations(user: Viewer, conversation: Conversation) -> QuerySet[Conversation]:
    """The same customer's other unfinished conversations this user may see."""
    return (
        visible_conversations(user)
        .filter(customer_id=conversation.customer_id)
        .exclude(pk=conversation.pk)
        .exclude(status__in=FINISHED)
        .order_by("-updated_at")[:10]
    )


def conversation_by_number(user: Viewer, number: int) -> Conversation | None:
    return visible_conversations(user).filter(number=number).first()


def customer_conversations(user: Viewer, customer: Customer) -> QuerySet[Conversation]:
    return (
        visible_conversations(user)
        .filter(customer=customer)
        .select_related("assignee")
        .order_by("-updated_at")[:50]
    )


def with_customer_actors(events: QuerySet[Event]) -> QuerySet[Event]:
    """Each event with `customer_actor_name`: the name of the customer who acted (a
    customer's message names its author in `data`), else None."""
    acting = Coalesce(
        Cast(KT(f"data__{CUSTOMER_ACTOR}"), BigIntegerField()),
        # A customer's message recorded before its event named the author: their conversation's.
        Case(When(verb="message.inbound", then=F("customer_id"))),
    )
    names = Customer.objects.filter(pk=OuterRef("customer_actor_id")).values("name")[:1]
    return events.alias(customer_actor_id=acting).annotate(customer_actor_name=Subquery(names))


def customer_timeline(user: Viewer, customer_id: int) -> QuerySet[Event]:
    """Events on the customer and on the conversations of theirs this user may see."""
    events = Event.objects.filter(customer_id=customer_id).select_related("actor")
    condition = visibility_filter(user)
    if condition is not None:
        visible_ids = Conversation.objects.filter(condition).values("pk")
        events = events.filter(Q(conversation_id__isnull=True) | Q(conversation_id__in=visible_ids))
    return with_customer_actors(events).order_by("-id")


def events_for_audit(conversation_id: int | None, customer_id: int | None) -> QuerySet[Event]:
    events = with_customer_actors(Event.objects.select_related("actor")).order_by("-id")
    if conversation_id is not None:
        events = events.filter(conversation_id=conversation_id)
    if customer_id is not None:
        events = events.filter(customer_id=customer_id)
    return events


def users_by_id(ids: set[int]) -> dict[int, User]:
    return {user.pk: user for user in User.objects.filter(pk__in=ids)}


def filter_options(user: Viewer) -> dict[str, Any]:
    """The choices of the inbox filter selects: three small queries."""
    return {
        "teams": list(Team.objects.order_by("name").values_list("pk", "name")),
        "agents": list(
            User.objects.filter(is_active=True, agent__isnull=False)
            .order_by("username")
            .values_list("pk", "username")
        ),
        "tags": list(tags_for(user).values_list("name", flat=True)[:TAG_CHOICES]),
        "statuses": Status.choices,
        "priorities": Priority.choices,
        "categories": Category.choices,
        "channels": Channel.choices,
        "tiers": Tier.choices,
        "languages": settings.LANGUAGES,
        "sorts": [
            ("-updated_at", _("Recently updated")),
            ("updated_at", _("Least recently updated")),
            ("-created_at", _("Newest")),
            ("created_at", _("Oldest")),
            ("-number", _("Highest number")),
            ("number", _("Lowest number")),
            ("due", _("Due soonest")),  # hamdel.sla.queries.due_soonest_page
        ],
    }


def assignee_choice(actor: User, value: str) -> User | None:
    """'me', 'none' or an agent's user id, as the bulk form and the assign form post it."""
    if value == "me":
        return actor
    if value.isascii() and value.isdigit():
        return User.objects.filter(pk=int(value)).first()
    return None


def conversation_from_param(value: str | None) -> Conversation | None:
    """A conversation by '#1042', '1042' (its number) for the audit page."""
    number = (value or "").strip()
    return (
        Conversation.objects.filter(number=parse_id(number, "conversation")).first()
        if number
        else None
    )
