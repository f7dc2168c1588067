"""Reads of the feedback app: who follows up, campaign segments, results for the pages.

Who sees what: supervisors and administrators see every survey; an agent sees the
surveys about their own work (they were the conversation's assignee) and those of
conversations they may open.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hamdel.feedback.models import Campaign, Kind, Survey, SurveySettings
from hamdel.people.models import Agent, Customer, Role
from hamdel.people.queries import agent_of
from hamdel.tickets.models import Conversation
from hamdel.tickets.queries import visibility_filter

MAX_LISTED = 500


# ----- follow-ups -------------------------------------------------------------------------


def supervisors_for(team_id: int | None) -> list[User]:
    """Active supervisors of the team, else every active supervisor, else administrators."""
    agents = Agent.objects.filter(user__is_active=True).select_related("user").order_by("pk")
    for chosen in (
        agents.filter(role=Role.SUPERVISOR, teams=team_id) if team_id else agents.none(),
        agents.filter(role=Role.SUPERVISOR),
        agents.filter(role=Role.ADMIN),
    ):
        found = [agent.user for agent in chosen]
        if found:
            return found
    return []


def ui_language(user: User) -> str:
    agent = agent_of(user)
    return (agent.ui_language if agent else "") or "en"


# ----- campaigns --------------------------------------------------------------------------


def segment_customers(campaign: Campaign, now: datetime) -> QuerySet[Customer]:
    customers = Customer.objects.filter(merged_into__isnull=True)
    if campaign.tiers:
        customers = customers.filter(tier__in=campaign.tiers)
    if campaign.languages:
        customers = customers.filter(language__in=campaign.languages)
    contacted = Conversation.objects.filter(merged_into__isnull=True)
    if campaign.last_contact_days:
        since = now - timedelta(days=campaign.last_contact_days)
        contacted = contacted.filter(last_message_at__gte=since)
    return customers.filter(pk__in=contacted.values("customer_id"))


def latest_conversations(customer_ids: list[int]) -> dict[int, Conversation]:
    """Each customer's most recent conversation: an NPS survey goes by its channel."""
    latest: dict[int, Conversation] = {}
    rows = (
        Conversation.objects.filter(customer_id__in=customer_ids, merged_into__isnull=True)
        .select_related("customer")
        .order_by("customer_id", "-last_message_at", "-pk")
    )
    for conversation in rows:
        latest.setdefault(conversation.customer_id, conversation)
    return latest


def recently_asked(customer_ids: list[int], now: datetime, period: timedelta) -> set[int]:
    return set(
        Survey.objects.filter(customer_id__in=customer_ids, sent_at__gt=now - period).values_list(
            "customer_id", flat=True
        )
    )


def campaign_for(pk: int) -> Campaign:
    campaign = Campaign.objects.filter(pk=pk).first()
    if campaign is None:
        raise Http404(_("No such campaign."))
    return campaign


def campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.annotate(
        answered=Count("surveys", filter=Q(surveys__answered_at__isnull=False))
    )


# ----- surveys ----------------------------------------------------------------------------


def visible_surveys(user: User) -> QuerySet[Survey]:
    surveys = Survey.objects.select_related("customer", "conversation", "agent", "team")
    condition = visibility_filter(user)
    if condition is None:
        return surveys
    visible = Conversation.objects.filter(condition).values("pk")
    return surveys.filter(Q(agent=user) | Q(conversation__in=visible))


def survey_for(user: User, pk: int) -> Survey:
    survey = visible_surveys(user).filter(pk=pk).first()
    if survey is None:
        raise Http404(_("No such survey."))
    return survey


def filter_surveys(
    surveys: QuerySet[Survey],
    *,
    kind: str | None = None,
    conversation_id: int | None = None,
    customer_id: int | None = None,
    agent_id: int | None = None,
    team_id: int | None = None,
    campaign_id: int | None = None,
    answered: bool | None = None,
    score_min: int | None = None,
    score_max: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[Survey]:
    exact = {
        "kind": kind,
        "conversation_id": conversation_id,
        "customer_id": customer_id,
        "agent_id": agent_id,
        "team_id": team_id,
        "campaign_id": campaign_id,
        "score__gte": score_min,
        "score__lte": score_max,
        "sent_at__gte": since,
        "sent_at__lt": until,
    }
    surveys = surveys.filter(**{key: value for key, value in exact.items() if value is not None})
    if answered is not None:
        surveys = surveys.filter(answered_at__isnull=not answered)
    return surveys.order_by("-sent_at", "-pk")


def surveys_of_conversation(conversation: Conversation) -> list[Survey]:
    return list(Survey.objects.filter(conversation=conversation).order_by("-sent_at")[:10])


def last_answered_csat(customer: Customer) -> Survey | None:
    return (
        Survey.objects.filter(customer=customer, kind=Kind.CSAT, answered_at__isnull=False)
        .order_by("-answered_at")
        .first()
    )


# ----- results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """CSAT of a group of surveys: sent, answered, average score, share satisfied (4-5)."""

    label: str
    sent: int
    answered: int
    average: float | None
    satisfied: int

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.answered / self.sent) if self.sent else None

    @property
    def satisfied_rate(self) -> int | None:
        return round(100 * self.satisfied / self.answered) if self.answered else None


def _aggregates() -> dict[str, Count | Avg]:
    answered = Q(answered_at__isnull=False)
    return {
        "n_sent": Count("pk"),
        "n_answered": Count("pk", filter=answered),
        "mean": Avg("score", filter=answered),
        "n_satisfied": Count("pk", filter=answered & Q(score__gte=4)),
    }


def _result(label: str, row: dict[str, object]) -> Result:
    mean = row["mean"]
    return Result(
        label=label,
        sent=int(row["n_sent"]),  # type: ignore[call-overload]
        answered=int(row["n_answered"]),  # type: ignore[call-overload]
        average=round(float(mean), 2) if mean is not None else None,  # type: ignore[arg-type]
        satisfied=int(row["n_satisfied"]),  # type: ignore[call-overload]
    )


def csat_results(
    surveys: QuerySet[Survey], since: datetime, until: datetime
) -> tuple[Result, list[Result], list[Result]]:
    """The whole, per team and per agent: three grouped queries."""
    csat = surveys.filter(kind=Kind.CSAT, sent_at__gte=since, sent_at__lt=until).order_by()
    overall = _result(_("Everyone"), csat.aggregate(**_aggregates()))
    teams = [
        _result(row["team__name"] or _("No team"), row)
        for row in csat.values("team__name").annotate(**_aggregates()).order_by("team__name")
    ]
    agents = [
        _result(row["agent__username"] or _("Nobody"), row)
        for row in csat.values("agent__username")
        .annotate(**_aggregates())
        .order_by("agent__username")
    ]
    return overall, teams, agents


@dataclass(frozen=True)
class NetPromoter:
    answered: int
    promoters: int
    detractors: int

    @property
    def score(self) -> int | None:
        """% promoters (9-10) minus % detractors (0-6), from -100 to 100."""
        if not self.answered:
            return None
        return round(100 * (self.promoters - self.detractors) / self.answered)


def net_promoter(surveys: QuerySet[Survey]) -> NetPromoter:
    row = (
        surveys.filter(kind=Kind.NPS, answered_at__isnull=False)
        .order_by()
        .aggregate(
            answered=Count("pk"),
            promoters=Count("pk", filter=Q(score__gte=9)),
            detractors=Count("pk", filter=Q(score__lte=6)),
        )
    )
    return NetPromoter(row["answered"], row["promoters"], row["detractors"])


def low_scores(surveys: QuerySet[Survey], since: datetime, limit: int = 50) -> list[Survey]:

    rules = SurveySettings.load()
    low = Q(kind=Kind.CSAT, score__lte=rules.low_csat) | Q(kind=Kind.NPS, score__lte=rules.low_nps)
    return list(surveys.filter(low, answered_at__gte=since).order_by("-answered_at")[:limit])
