"""The points ledger: earn, redeem, expire and reverse, each an appended entry.

The balance is the sum of a customer's entries. Every write takes the customer's row lock
first (`SELECT ... FOR UPDATE` on PostgreSQL; on SQLite the transaction is IMMEDIATE and
already holds the write lock), then reads the balance, then appends: two redemptions of
the same points never both pass the check, so the balance never goes below zero.

A merged-away customer's entries stay where they are (an append-only ledger does not
move); the surviving customer's balance counts them, and new entries go to the survivor.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.audit.models import Event
from hamdel.loyalty import events
from hamdel.loyalty.models import EntryKind, LoyaltySettings, PointsEntry, Source
from hamdel.people.models import Agent, Customer, Role
from hamdel.tickets.models import Conversation

Actor = User | None
MAX_POINTS = 10_000_000  # one entry at most; a typo should not mint millions
MILESTONE_ORDERS = 10  # the tenth order is thanked
# The audit verb the feedback app writes when a customer answers a survey (CSAT or NPS,
# subject "survey" and its id; again when the answer changes); read here, never its tables
# (siblings do not import each other). "survey.answered" is accepted too.
SURVEY_VERBS = ("feedback.answered", "survey.answered")
SURVEY_LOOKBACK = timedelta(days=7)  # answers the survey sweep looks at


class NotEnoughPoints(ValidationError):
    """The balance is smaller than the redemption (the API answers 409)."""


@dataclass(frozen=True)
class Ledger:
    balance: int
    entries: list[PointsEntry]


def surviving(customer: Customer) -> Customer:
    """The customer a merged-away one lives on as (merges may chain)."""
    seen = 0
    while customer.merged_into_id is not None and seen < 20:
        customer = Customer.objects.get(pk=customer.merged_into_id)
        seen += 1
    return customer


def ledger_customer_ids(customer_id: int) -> list[int]:
    """The customer and everyone merged into them (their entries stay on their rows)."""
    ids, frontier = [customer_id], [customer_id]
    while frontier:
        frontier = list(
            Customer.objects.filter(merged_into__in=frontier).values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids


def balance_of(customer_id: int) -> int:
    total = PointsEntry.objects.filter(customer_id__in=ledger_customer_ids(customer_id)).aggregate(
        total=Sum("points")
    )["total"]
    return int(total or 0)


def ledger_of(customer: Customer, limit: int = 200) -> Ledger:
    ids = ledger_customer_ids(customer.pk)
    entries = list(
        PointsEntry.objects.filter(customer_id__in=ids).order_by("-created_at", "-id")[:limit]
    )
    return Ledger(balance_of(customer.pk), entries)


def _lock(customer: Customer) -> None:
    """Call inside transaction.atomic(): the customer's row lock serialises ledger writes."""
    Customer.objects.select_for_update().filter(pk=customer.pk).values_list("pk").get()


def _existing(customer: Customer, source: str, reference: str) -> PointsEntry | None:
    if not reference:
        return None
    return PointsEntry.objects.filter(
        customer_id__in=ledger_customer_ids(customer.pk), source=source, reference=reference
    ).first()


def goodwill_limit(actor: Actor) -> int | None:
    """The most goodwill points `actor` may give at once; None: no limit (administrators)."""
    agent = Agent.objects.filter(user=actor).first() if actor is not None else None
    if agent is None:
        return 0
    rules = LoyaltySettings.load()
    if agent.role == Role.ADMIN:
        return None
    if agent.role == Role.SUPERVISOR:
        return rules.supervisor_goodwill_points
    return rules.agent_goodwill_points


def purchase_points(amount: Decimal) -> int:
    rate = LoyaltySettings.load().points_per_purchase_unit
    return int((amount * rate).to_integral_value(rounding=ROUND_FLOOR))


def earn_points(
    customer: Customer,
    source: str,
    *,
    points: int | None = None,
    amount: Decimal | None = None,
    currency: str = "",
    reference: str = "",
    actor: Actor = None,
    conversation: Conversation | None = None,
    note: str = "",
    now: datetime | None = None,
) -> PointsEntry:
    """Add points by an earn rule; the same (source, reference) again returns the first entry.

    purchase: `amount` × the rate (rounded down), `reference` the order id; survey and
    referral: the configured points; goodwill: `points`, within the actor's limit.
    """
    now = now or timezone.now()
    rules = LoyaltySettings.load()
    if source not in {Source.PURCHASE, Source.SURVEY, Source.REFERRAL, Source.GOODWILL}:
        raise ValidationError(
            {
                "source": _(
                    "Points are earned by a purchase, a survey answer, a referral or goodwill."
                )
            }
        )
    if source == Source.PURCHASE:
        if amount is None or amount <= 0 or len(currency) != 3:
            raise ValidationError(
                {"amount": _("A purchase needs a positive amount and a currency.")}
            )
        if not reference:
            raise ValidationError({"reference": _("A purchase needs its order reference.")})
        points = purchase_points(amount)
    elif source == Source.SURVEY:
        points = rules.survey_points
    elif source == Source.REFERRAL:
        points = rules.referral_points
    else:
        limit = goodwill_limit(actor)
        if points is None or points <= 0:
            raise ValidationError({"points": _("Give a positive number of points.")})
        if limit is not None and points > limit:
            raise ValidationError(
                {
                    "points": _("You may give at most %(limit)s goodwill points at once.")
                    % {"limit": limit}
                }
            )
    if points is None or points < 0 or points > MAX_POINTS:
        raise ValidationError({"points": _("Give a positive number of points.")})
    customer = surviving(customer)
    with transaction.atomic():
        _lock(customer)
        found = _existing(customer, source, reference)
        if found is not None:
            return found
        entry = PointsEntry.objects.create(
            customer=customer,
            kind=EntryKind.EARN,
            source=source,
            points=points,
            reference=reference,
            amount=amount,
            currency=currency.upper(),
            expires_at=now + timedelta(days=rules.points_valid_days),
            conversation=conversation,
            note=note[:500],
            created_by=actor,
            created_at=now,
        )
        _event("loyalty.points_earned", entry, actor)
        if source == Source.PURCHASE and order_count(customer.pk) == MILESTONE_ORDERS:
            from hamdel.loyalty import thanks

            customer_id = customer.pk
            transaction.on_commit(lambda: thanks.thank_for_tenth_order(customer_id))
    return entry


def redeem_points(
    customer: Customer,
    points: int,
    reference: str,
    actor: Actor = None,
    now: datetime | None = None,
) -> PointsEntry:
    """Spend points; refused with NotEnoughPoints when the balance is smaller.

    Idempotent on `reference` (an order id): the same redemption again returns the first.
    """
    if points <= 0 or points > MAX_POINTS:
        raise ValidationError({"points": _("Give a positive number of points.")})
    if not reference:
        raise ValidationError({"reference": _("A redemption needs a reference (an order number).")})
    customer = surviving(customer)
    with transaction.atomic():
        _lock(customer)
        found = _existing(customer, Source.REDEMPTION, reference)
        if found is not None:
            return found
        balance = balance_of(customer.pk)
        if balance < points:
            raise NotEnoughPoints(
                {
                    "points": _("Not enough points: the balance is %(balance)s.")
                    % {"balance": balance}
                }
            )
        entry = PointsEntry.objects.create(
            customer=customer,
            kind=EntryKind.REDEEM,
            source=Source.REDEMPTION,
            points=-points,
            reference=reference,
            created_by=actor,
            created_at=now or timezone.now(),
        )
        _event("loyalty.points_redeemed", entry, actor)
    return entry


def reverse_entry(entry: PointsEntry, actor: Actor, note: str = "") -> PointsEntry:
    """Undo an earn or a redemption with an opposite entry (a returned order, a cancelled
    redemption). An earn already spent cannot be reversed below a zero balance."""
    if entry.kind not in {EntryKind.EARN, EntryKind.REDEEM}:
        raise ValidationError({"entry": _("Only earned or redeemed points can be reversed.")})
    customer = surviving(Customer.objects.get(pk=entry.customer_id))
    with transaction.atomic():
        _lock(customer)
        if PointsEntry.objects.filter(reverses=entry).exists():
            raise ValidationError({"entry": _("This entry is already reversed.")})
        if entry.points > 0 and balance_of(customer.pk) < entry.points:
            raise NotEnoughPoints({"entry": _("These points are already spent.")})
        reversal = PointsEntry.objects.create(
            customer=customer,
            kind=EntryKind.REVERSE,
            source=Source.REVERSAL,
            points=-entry.points,
            reverses=entry,
            note=note[:500],
            created_by=actor,
        )
        _event("loyalty.points_reversed", reversal, actor)
    return reversal


def order_count(customer_id: int) -> int:
    """Purchases recorded in the ledger and not reversed: the order count milestones use."""
    return (
        PointsEntry.objects.filter(
            customer_id__in=ledger_customer_ids(customer_id),
            source=Source.PURCHASE,
            reversed_by__isnull=True,
        )
        .exclude(reference="")
        .count()
    )


def expire_points(customer: Customer, now: datetime | None = None) -> PointsEntry | None:
    """Expire what is left of the points whose validity ended, oldest spent first.

    Spending uses the oldest points first, so of the points earned before their expiry,
    what debits (redemptions, expiries, reversed redemptions counted back) have not used
    up expires now. Running it twice expires nothing more.
    """
    now = now or timezone.now()
    customer = surviving(customer)
    with transaction.atomic():
        _lock(customer)
        ids = ledger_customer_ids(customer.pk)
        rows = PointsEntry.objects.filter(customer_id__in=ids)
        expiring = (
            rows.filter(
                kind=EntryKind.EARN, expires_at__lte=now, reversed_by__isnull=True
            ).aggregate(total=Sum("points"))["total"]
            or 0
        )
        debits = -(
            rows.filter(
                Q(kind__in=[EntryKind.REDEEM, EntryKind.EXPIRE])
                | Q(kind=EntryKind.REVERSE, reverses__kind=EntryKind.REDEEM)
            ).aggregate(total=Sum("points"))["total"]
            or 0
        )
        due = min(int(expiring) - int(debits), balance_of(customer.pk))
        if due <= 0:
            return None
        entry = PointsEntry.objects.create(
            customer=customer,
            kind=EntryKind.EXPIRE,
            source=Source.EXPIRY,
            points=-due,
            created_at=now,
        )
        _event("loyalty.points_expired", entry, None)
    return entry


def customers_with_expiring_points(now: datetime, limit: int) -> list[int]:
    return list(
        PointsEntry.objects.filter(kind=EntryKind.EARN, expires_at__lte=now)
        .values_list("customer_id", flat=True)
        .distinct()
        .order_by("customer_id")[:limit]
    )


def award_survey_points(now: datetime | None = None) -> int:
    """Points for each survey the feedback app recorded as answered in the audit trail;
    safe to run twice, and a survey answered again earns nothing more (the survey is the
    entry's reference: "survey:<id>")."""
    now = now or timezone.now()
    answers = (
        Event.objects.filter(
            verb__in=SURVEY_VERBS, customer_id__isnull=False, created_at__gte=now - SURVEY_LOOKBACK
        )
        .order_by("pk")
        .values_list("subject_type", "subject_id", "customer_id")
    )
    awarded = 0
    for subject_type, subject_id, customer_id in answers:
        customer = Customer.objects.filter(pk=customer_id or 0).first()
        if customer is None:
            continue
        reference = f"{subject_type}:{subject_id}"
        if _existing(surviving(customer), Source.SURVEY, reference) is None:
            earn_points(customer, Source.SURVEY, reference=reference, now=now)
            awarded += 1
    return awarded


def _event(verb: str, entry: PointsEntry, actor: Actor) -> None:
    events.loyalty_event(
        verb,
        subject_type="points",
        subject_id=entry.pk,
        actor=actor,
        customer_id=entry.customer_id,
        conversation_id=entry.conversation_id,
        data={"points": entry.points, "source": entry.source, "reference": entry.reference},
    )
