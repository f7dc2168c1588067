"""Reads of people: each query brings its own joins."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from hamdel.audit.models import Event
from hamdel.people.models import Agent, Customer, Identity, Team


def agent_of(user: AbstractBaseUser | AnonymousUser | None) -> Agent | None:
    """The agent profile of an active user, or None (anonymous, deactivated, no profile)."""
    if not isinstance(user, User) or not user.is_active:
        return None
    try:
        return user.agent
    except Agent.DoesNotExist:
        return None


def customers() -> QuerySet[Customer]:
    return Customer.objects.prefetch_related(
        Prefetch("identities", queryset=Identity.objects.order_by("kind", "id"))
    )


def agents() -> QuerySet[Agent]:
    return Agent.objects.select_related("user").prefetch_related("teams")


def teams() -> QuerySet[Team]:
    return Team.objects.all()


def team_ids_of(agent: Agent) -> list[int]:
    """The agent's team ids, read once per agent object (a page asks several times).

    Kept in the object's prefetch cache, which `agent.teams.add/remove/set/clear` and
    `refresh_from_db` empty, so a change made through the same object is seen at once.
    """
    cache: dict[str, Any] = getattr(agent, "_prefetched_objects_cache", {})
    if "teams" not in cache:
        prefetch_related_objects([agent], "teams")
    return [team.pk for team in agent.teams.all()]


def search_customers(
    text: str | None, *, tier: str | None = None, language: str | None = None
) -> QuerySet[Customer]:
    """Customers by name or any identity; the full-text search lives in the text app."""
    found = customers()
    if text:
        found = found.filter(
            Q(name__icontains=text) | Q(identities__value__icontains=text.strip().lower())
        ).distinct()
    if tier:
        found = found.filter(tier=tier)
    if language:
        found = found.filter(language=language)
    return found


def merge_events_of(source: Customer) -> QuerySet[Event]:
    """The merges that moved `source` away, newest first."""
    if source.merged_into_id is None:
        return Event.objects.none()
    return Event.objects.filter(
        verb="customer.merged", subject_id=source.merged_into_id, data__source=source.pk
    ).order_by("-id")


def default_team_of(user: AbstractBaseUser | AnonymousUser | None) -> Team | None:
    """Where a conversation an agent opens goes: their first team (by name), if any."""
    agent = agent_of(user)
    return None if agent is None else agent.teams.order_by("name").first()
