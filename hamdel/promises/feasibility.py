"""The feasibility check: is a promise's due time realistic, and if not, what time is?

The rule (docs/promises.md, with its numbers):

1. The typical duration is the 80th percentile (nearest rank) of the business minutes the
   team's last `HISTORY_WINDOW` kept promises of that kind took, from made to kept. With
   fewer than `MIN_SAMPLES` of them the team's default for the kind is used instead
   (`TeamDefault`, else `DEFAULT_MINUTES`), and the answer says so (`basis: "default"`).
2. Load: every `OWNER_CAPACITY` open promises the owner must keep before this one add one
   more typical duration; so does every `OWNER_CAPACITY` open promises of that kind per
   agent of the team (the larger of the two counts). The minutes of the owner's
   appointments before the due time are added as well.
3. The realistic time is now plus all of that in business time on the team's calendar
   (`add_business_minutes`); the due time is likely when it is not earlier.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from hamdel.promises import queries
from hamdel.promises.models import Kind
from hamdel.sla.calendars import NoWorkingTime, add_business_minutes

MIN_SAMPLES = 20
PERCENTILE = 80
HISTORY_WINDOW = 500  # the most recent kept promises of a kind and team: today's pace
OWNER_CAPACITY = 5  # open promises an agent keeps in parallel without slowing down


@dataclass
class Feasibility:
    likely: bool
    realistic_due_at: datetime
    basis: str  # "history" or "default"
    samples: int
    reasons: list[str] = field(default_factory=list)
    typical_minutes: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "likely": self.likely,
            "realistic_due_at": self.realistic_due_at.isoformat(),
            "basis": self.basis,
            "samples": self.samples,
            "reasons": self.reasons,
        }


def percentile(values: list[int], percent: int = PERCENTILE) -> int:
    """Nearest-rank percentile: the smallest value at least `percent` % of values reach."""
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def duration_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": rest}


def _ceil_minute(moment: datetime) -> datetime:
    rounded = moment.replace(second=0, microsecond=0)
    return rounded if rounded == moment else rounded + timedelta(minutes=1)


def check(
    *,
    kind: str,
    due_at: datetime,
    owner_id: int | None,
    team_id: int | None,
    now: datetime,
) -> Feasibility:
    """Whether `due_at` is realistic for this kind, owner and team; writes nothing."""
    history = queries.history_minutes(team_id, kind, HISTORY_WINDOW)
    kind_label = str(Kind(kind).label)
    reasons: list[str] = []
    if len(history) >= MIN_SAMPLES:
        typical, basis = percentile(history), "history"
        reasons.append(
            _(
                "%(percent)d %% of the last %(samples)d “%(kind)s” promises of this team were "
                "kept within %(duration)s of business time."
            )
            % {
                "percent": PERCENTILE,
                "samples": len(history),
                "kind": kind_label,
                "duration": duration_text(typical),
            }
        )
    else:
        typical, basis = queries.default_minutes(team_id, kind), "default"
        reasons.append(
            _(
                "Only %(samples)d similar promises were kept so far (fewer than %(needed)d), "
                "so the team's default of %(duration)s is used."
            )
            % {"samples": len(history), "needed": MIN_SAMPLES, "duration": duration_text(typical)}
        )
    owner_ahead = queries.open_promises_due_before(owner_id, team_id, due_at)
    if owner_ahead:
        reasons.append(
            _("Open promises of the owner due before then: %(count)d.") % {"count": owner_ahead}
        )
    backlog, team_agents = queries.backlog_of_kind(team_id, kind)
    if backlog:
        reasons.append(
            _("Open “%(kind)s” promises of the team: %(count)d.")
            % {"count": backlog, "kind": kind_label}
        )
    per_agent = backlog // max(team_agents, 1)
    extra = max(owner_ahead, per_agent) // OWNER_CAPACITY * typical
    booked = queries.booked_minutes(owner_id, now, due_at) if due_at > now else 0
    if booked:
        reasons.append(
            _("The owner has %(duration)s of appointments before then.")
            % {"duration": duration_text(booked)}
        )
    calendar = queries.calendar_of_team(team_id)
    try:
        realistic = add_business_minutes(calendar, now, typical + extra + booked)
    except NoWorkingTime:
        realistic = now + timedelta(minutes=typical + extra + booked)
    realistic = _ceil_minute(realistic)
    if due_at <= now:
        reasons.append(_("The due time is in the past."))
    elif not queries.is_working_time(calendar, due_at):
        reasons.append(_("The due time is outside the team's working hours."))
    likely = due_at > now and due_at >= realistic
    return Feasibility(likely, realistic, basis, len(history), reasons, typical)
