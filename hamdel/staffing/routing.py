"""Who gets an item: the rules, on plain values (no database), so they are quick to test
and to time with 500 agents (bench/staffing.py).

An agent fits when available, not among those who declined the item, speaking its
language and having its skill (each only when someone on the team does: a language or
skill nobody on the team has cannot hold an item back forever), and below capacity on
its channel. Among those who fit the least loaded (open items over capacity) wins, then
whoever waited longest since their last routed item (round-robin), then the lower id.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hamdel.people.models import Tier
from hamdel.staffing import wording
from hamdel.tickets.models import Category, Priority

TIER_RANK: dict[str, int] = {
    Tier.STANDARD: 0,
    Tier.SILVER: 1,
    Tier.GOLD: 2,
    Tier.PLATINUM: 3,
    Tier.VIP: 4,
}
URGENCY: dict[str, int] = {
    Priority.LOW: 0,
    Priority.NORMAL: 1,
    Priority.HIGH: 2,
    Priority.URGENT: 3,
}
# A category that needs a skill, in the words agents' skills are written in.
CATEGORY_SKILLS: dict[str, str] = {Category.REFUND: "refunds", Category.COMPLAINT: "complaints"}
NEVER = datetime.min.replace(tzinfo=UTC)


def priority_of(*, complaint: bool, tier: str, urgency: str) -> int:
    """Complaints first, then higher value tiers, then the conversation's own priority."""
    return (1000 if complaint else 0) + 100 * TIER_RANK.get(tier, 0) + 10 * URGENCY.get(urgency, 1)


@dataclass(frozen=True)
class Candidate:
    user_id: int
    name: str
    available: bool
    languages: frozenset[str]
    skills: frozenset[str]
    load: int  # open items on the item's channel
    capacity: int
    last_routed_at: datetime | None


@dataclass(frozen=True)
class Need:
    language: str
    skill: str
    declined_by: frozenset[int]


@dataclass(frozen=True)
class Choice:
    candidate: Candidate | None
    facts: dict[str, Any]

    @property
    def outcome(self) -> str:
        return "assigned" if self.candidate else "waiting"


def choose(need: Need, team: list[Candidate]) -> Choice:
    """The best agent of the team for the item, or why nobody fits."""
    language = need.language if any(need.language in c.languages for c in team) else ""
    skill = need.skill if any(need.skill in c.skills for c in team) else ""
    fitting = [c for c in team if c.available and c.user_id not in need.declined_by]
    if not fitting:
        return Choice(None, {"reason": wording.NOBODY_AVAILABLE})
    if language:
        fitting = [c for c in fitting if language in c.languages]
        if not fitting:
            return Choice(None, {"reason": wording.NO_LANGUAGE, "language": language})
    if skill:
        fitting = [c for c in fitting if skill in c.skills]
        if not fitting:
            return Choice(None, {"reason": wording.NO_SKILL, "skill": skill})
    fitting = [c for c in fitting if c.load < c.capacity]
    if not fitting:
        return Choice(None, {"reason": wording.ALL_FULL})

    def rank(c: Candidate) -> tuple[float, datetime, int]:
        return (c.load / c.capacity, c.last_routed_at or NEVER, c.user_id)

    fitting.sort(key=rank)
    best = fitting[0]
    tied = len(fitting) > 1 and rank(fitting[1])[0] == rank(best)[0]
    facts = {
        "agent": best.name,
        "agent_id": best.user_id,
        "language": language,
        "skill": skill,
        "load": best.load,
        "capacity": best.capacity,
        "tied": tied,
    }
    return Choice(best, facts)
