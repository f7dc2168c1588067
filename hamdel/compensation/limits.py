"""Empowerment limits: who may grant how much without asking, and who must approve the rest.

An agent grants up to their role's per-case limit, while their own grants this calendar
month (in the organisation's timezone) stay within the per-month limit. Above that a
supervisor approves, up to the supervisor's per-case limit; above that an administrator.
A supervisor's own request beyond their limits goes to an administrator. An administrator
without a limit row for the currency grants without a limit.

A fast-tracked request (an overcharge or double charge whose reference matches a known
charge) is granted at once up to the supervisor's per-case limit: the charge is the proof.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from hamdel.compensation import money
from hamdel.compensation.models import Compensation, Entry, EntryKind, Limit
from hamdel.lib import localise
from hamdel.people.models import Organisation, Role

RANK = {Role.AGENT: 0, Role.SUPERVISOR: 1, Role.ADMIN: 2}


@dataclass(frozen=True)
class Route:
    """Who must approve a request ("" when nobody need) and why, as a code with figures."""

    approver_role: str
    why_code: str
    why_data: dict[str, Any] = field(default_factory=dict)


def limits_of(currency: str) -> dict[str, Limit]:
    return {limit.role: limit for limit in Limit.objects.filter(currency=currency)}


def month_start(now: datetime) -> datetime:
    zone = localise.zone(Organisation.load().timezone)
    local = now.astimezone(zone)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def granted_this_month(user: User, currency: str, now: datetime) -> Decimal:
    """What the user granted on their own limit this month: approvals of their own
    requests that they recorded themselves (nobody else approves their own request)."""
    total = Entry.objects.filter(
        kind=EntryKind.APPROVED,
        currency=currency,
        actor=user,
        compensation__requested_by=user,
        at__gte=month_start(now),
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


def _approver_above(role: str, amount: Decimal, limits: dict[str, Limit]) -> str:
    supervisor = limits.get(Role.SUPERVISOR)
    if role == Role.AGENT and supervisor is not None and amount <= supervisor.per_case:
        return Role.SUPERVISOR
    return Role.ADMIN


def route(
    role: str, user: User, amount: Decimal, currency: str, *, fast_track: bool, now: datetime
) -> Route:
    limits = limits_of(currency)
    own = limits.get(role)
    figures: dict[str, Any] = {"role": role, "amount": str(amount), "currency": currency}
    if own is None:
        if role == Role.ADMIN:
            return Route("", "admin_unlimited", figures)
        supervisor = limits.get(Role.SUPERVISOR)
        if fast_track and supervisor is not None and amount <= supervisor.per_case:
            return Route("", "fast_track", {**figures, "limit": str(supervisor.per_case)})
        return Route(_approver_above(role, amount, limits), "no_limit", figures)
    used = granted_this_month(user, currency, now)
    figures.update(per_case=str(own.per_case), per_month=str(own.per_month), used=str(used))
    fast_cap = max(
        own.per_case,
        limits[Role.SUPERVISOR].per_case if Role.SUPERVISOR in limits else own.per_case,
    )
    if fast_track and amount <= fast_cap:
        return Route("", "fast_track", {**figures, "limit": str(fast_cap)})
    if amount > own.per_case:
        return Route(_approver_above(role, amount, limits), "over_case", figures)
    if used + amount > own.per_month:
        # The amount fits one case; the month is what is spent, so the next role up decides.
        approver = Role.SUPERVISOR if role == Role.AGENT else Role.ADMIN
        return Route(approver, "over_month", figures)
    return Route("", "within_limits", figures)


def may_decide(role: str, approver_role: str) -> bool:
    return bool(approver_role) and RANK[Role(role)] >= RANK[Role(approver_role)]


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def why_text(compensation: Compensation, language: str) -> str:
    """The reason a request needs (or needed no) approval, in the reader's words."""
    data = compensation.why_data
    currency = compensation.currency

    def amount(key: str) -> str:
        return money.display(Decimal(data.get(key, "0")), currency, language)

    code = compensation.why_code
    approver = _role_label(compensation.approver_role)
    if code == "within_limits":
        left = Decimal(data["per_month"]) - Decimal(data["used"]) - compensation.amount
        return _(
            "Within the %(role)s limits (%(per_case)s per case; %(left)s left this month)."
        ) % {
            "role": _role_label(data["role"]),
            "per_case": amount("per_case"),
            "left": money.display(max(left, Decimal(0)), currency, language),
        }
    if code == "admin_unlimited":
        return _("Administrators have no limit in %(currency)s.") % {"currency": currency}
    if code == "fast_track":
        return _(
            "Fast-tracked: the reference matches a known charge of the customer's; "
            "granted up to %(limit)s."
        ) % {"limit": amount("limit")}
    if code == "over_case":
        return _(
            "%(amount)s is above the %(role)s limit of %(limit)s per case, so it needs "
            "approval (%(approver)s)."
        ) % {
            "amount": amount("amount"),
            "role": _role_label(data["role"]),
            "limit": amount("per_case"),
            "approver": approver,
        }
    if code == "over_month":
        total = Decimal(data["used"]) + compensation.amount
        return _(
            "This brings the requester's grants this month to %(total)s, above the monthly "
            "limit of %(limit)s, so it needs approval (%(approver)s)."
        ) % {
            "total": money.display(total, currency, language),
            "limit": amount("per_month"),
            "approver": approver,
        }
    return _(
        "No limit is set for the %(role)s role in %(currency)s, so it needs approval "
        "(%(approver)s)."
    ) % {
        "role": _role_label(data.get("role", "")),
        "currency": currency,
        "approver": approver,
    }


def committed_on_charge(charge_id: int) -> Decimal:
    """What requests against a charge have asked for and not lost (rejected or reversed)."""
    total = (
        Compensation.objects.filter(charge_id=charge_id)
        .exclude(entries__kind__in=[EntryKind.REJECTED, EntryKind.REVERSED])
        .aggregate(total=Sum(F("amount")))["total"]
    )
    return total or Decimal(0)
