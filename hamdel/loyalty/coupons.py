"""Coupon batches, coupons an agent gives from a conversation, and redemptions.

Codes are 12 symbols from a 32-symbol alphabet without 0, O, 1, I and l (60 bits from
`secrets`), grouped XXXX-XXXX-XXXX to read aloud on the phone. A redemption locks the
coupon's row and the customer's (`SELECT ... FOR UPDATE` on PostgreSQL; IMMEDIATE on
SQLite), then counts the uses: a one-use coupon is used once however many redeem it at
once. The same (code, order reference) again returns the first redemption.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.loyalty import events
from hamdel.loyalty.models import (
    Coupon,
    CouponBatch,
    CouponKind,
    CouponRedemption,
    LoyaltySettings,
)
from hamdel.loyalty.points import order_count, surviving
from hamdel.people.models import Agent, Customer, Role, Tier
from hamdel.tickets.models import Conversation

Actor = User | None
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: 5 bits each; no 0 O 1 I l
GROUPS, GROUP_LENGTH = 3, 4  # 12 symbols = 60 bits
MAX_BATCH = 10_000  # codes per batch


class CouponRefused(Exception):
    """A redemption that cannot be made: `status` is the API's answer (404, 409, 410)."""

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(message)
        self.status, self.reason, self.message = status, reason, message


@dataclass(frozen=True)
class Redeemed:
    redemption: CouponRedemption
    repeated: bool  # the same code and order again: nothing new was written


def new_code() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(symbols[i : i + GROUP_LENGTH] for i in range(0, len(symbols), GROUP_LENGTH))


def normalise_code(text: str) -> str:
    """What a customer typed or read out ("abcd efgh-jkmn") as the stored form."""
    symbols = re.sub(r"[^0-9A-Z]", "", text.upper())
    return "-".join(symbols[i : i + GROUP_LENGTH] for i in range(0, len(symbols), GROUP_LENGTH))


def _check_value(kind: str, percent: Decimal | None, amount: Decimal | None, currency: str) -> None:
    if kind == CouponKind.PERCENT:
        if percent is None or not Decimal(0) < percent <= Decimal(100):
            raise ValidationError({"percent": _("Give a percent above 0 and at most 100.")})
    elif kind == CouponKind.FIXED:
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("Give a positive amount.")})
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise ValidationError({"currency": _("Give the currency as three letters (EUR).")})
    else:
        raise ValidationError({"kind": _("A coupon is a percent or a fixed amount off.")})


def create_batch(
    *,
    name: str,
    kind: str,
    count: int,
    percent: Decimal | None = None,
    amount: Decimal | None = None,
    currency: str = "",
    expires_at: datetime | None = None,
    max_uses: int = 1,
    max_uses_per_customer: int = 1,
    customer: Customer | None = None,
    tier: str = "",
    for_new_customers: bool = False,
    existing_customers_too: bool = True,
    why_not_existing: str = "",
    actor: Actor = None,
    conversation: Conversation | None = None,
) -> tuple[CouponBatch, list[str]]:
    currency = currency.upper()
    percent = None if percent is None else Decimal(str(percent))
    amount = None if amount is None else Decimal(str(amount))
    _check_value(kind, percent, amount, currency)
    if not 1 <= count <= MAX_BATCH:
        raise ValidationError({"count": _("A batch has 1 to %(max)s codes.") % {"max": MAX_BATCH}})
    if max_uses < 1 or max_uses_per_customer < 1:
        raise ValidationError({"max_uses": _("A coupon can be used at least once.")})
    if tier and tier not in Tier.values:
        raise ValidationError({"tier": _("Unknown tier.")})
    if customer is not None and tier:
        raise ValidationError({"tier": _("A batch is for one customer or for a tier, not both.")})
    if for_new_customers and not existing_customers_too and not why_not_existing.strip():
        raise ValidationError(
            {
                "why_not_existing": _(
                    "A new-customer offer goes to existing customers too; "
                    "say why this one does not."
                )
            }
        )
    with transaction.atomic():
        batch = CouponBatch.objects.create(
            name=name[:200] or _("Coupons"),
            kind=kind,
            percent=percent if kind == CouponKind.PERCENT else None,
            amount=amount if kind == CouponKind.FIXED else None,
            currency=currency if kind == CouponKind.FIXED else "",
            expires_at=expires_at,
            max_uses=max_uses,
            max_uses_per_customer=max_uses_per_customer,
            customer=surviving(customer) if customer is not None else None,
            tier=tier,
            for_new_customers=for_new_customers,
            existing_customers_too=existing_customers_too or not for_new_customers,
            why_not_existing=why_not_existing.strip()[:500],
            conversation=conversation,
            created_by=actor,
        )
        codes: set[str] = set()
        while len(codes) < count:
            codes.add(new_code())
        Coupon.objects.bulk_create([Coupon(batch=batch, code=code) for code in sorted(codes)])
        events.loyalty_event(
            "coupon.batch_made",
            subject_type="coupon_batch",
            subject_id=batch.pk,
            actor=actor,
            customer_id=batch.customer_id,
            conversation_id=conversation.pk if conversation else None,
            data={"count": count, "kind": kind, "value": batch.value_text},
        )
    return batch, sorted(codes)


def plain(number: Decimal) -> str:
    """10.00 as "10", 2.50 as "2.5" (never "1E+1")."""
    return f"{Decimal(number).normalize():f}"


@dataclass(frozen=True)
class Limit:
    percent: Decimal | None  # None: no limit
    amount: Decimal | None
    currency: str

    @property
    def percent_text(self) -> str:
        return plain(self.percent) if self.percent is not None else ""

    @property
    def amount_text(self) -> str:
        return plain(self.amount) if self.amount is not None else ""


def coupon_limit(actor: Actor) -> Limit:
    """The largest coupon `actor` may give a customer from a conversation."""
    rules = LoyaltySettings.load()
    agent = Agent.objects.filter(user=actor).first() if actor is not None else None
    if agent is not None and agent.role == Role.ADMIN:
        return Limit(None, None, rules.coupon_limit_currency)
    if agent is not None and agent.role == Role.SUPERVISOR:
        return Limit(
            rules.supervisor_coupon_percent,
            rules.supervisor_coupon_amount,
            rules.coupon_limit_currency,
        )
    return Limit(rules.agent_coupon_percent, rules.agent_coupon_amount, rules.coupon_limit_currency)


def give_coupon(
    conversation: Conversation,
    actor: User,
    *,
    kind: str,
    value: Decimal,
    currency: str = "",
    now: datetime | None = None,
) -> Coupon:
    """A one-use coupon for the conversation's customer, within the agent's limit."""
    now = now or timezone.now()
    limit = coupon_limit(actor)
    currency = currency.upper()
    if kind == CouponKind.PERCENT and limit.percent is not None and value > limit.percent:
        raise ValidationError(
            {"value": _("You may give at most %(limit)s%% off.") % {"limit": limit.percent_text}}
        )
    if kind == CouponKind.FIXED and limit.amount is not None:
        if currency != limit.currency:
            raise ValidationError(
                {
                    "currency": _("You may give fixed coupons in %(currency)s only.")
                    % {"currency": limit.currency}
                }
            )
        if value > limit.amount:
            raise ValidationError(
                {
                    "value": _("You may give at most %(limit)s %(currency)s off.")
                    % {"limit": limit.amount_text, "currency": limit.currency}
                }
            )
    rules = LoyaltySettings.load()
    batch, codes = create_batch(
        name=_("Given in conversation #%(number)s") % {"number": conversation.number},
        kind=kind,
        count=1,
        percent=value if kind == CouponKind.PERCENT else None,
        amount=value if kind == CouponKind.FIXED else None,
        currency=currency,
        expires_at=now + timedelta(days=rules.coupon_valid_days),
        customer=conversation.customer,
        actor=actor,
        conversation=conversation,
    )
    coupon = Coupon.objects.get(code=codes[0])
    events.loyalty_event(
        "coupon.given",
        subject_type="coupon",
        subject_id=coupon.pk,
        actor=actor,
        customer_id=conversation.customer_id,
        conversation_id=conversation.pk,
        data={"value": batch.value_text, "batch": batch.pk},
    )
    return coupon


def redeem_coupon(
    code: str, customer: Customer, order_reference: str, now: datetime | None = None
) -> Redeemed:
    """Use a coupon on an order; CouponRefused says why not (unknown, expired, used up,
    not this customer's). The same code and order again returns the first redemption."""
    now = now or timezone.now()
    order_reference = order_reference.strip()
    if not order_reference:
        raise ValidationError({"order_reference": _("Give the order reference.")})
    customer = surviving(customer)
    with transaction.atomic():
        coupon = (
            Coupon.objects.select_for_update()
            .select_related("batch")
            .filter(code=normalise_code(code))
            .first()
        )
        if coupon is None:
            raise CouponRefused(404, "unknown", _("There is no coupon with this code."))
        Customer.objects.select_for_update().filter(pk=customer.pk).values_list("pk").get()
        earlier = CouponRedemption.objects.filter(
            coupon=coupon, order_reference=order_reference
        ).first()
        if earlier is not None:
            if earlier.customer_id != customer.pk:
                raise CouponRefused(
                    409,
                    "order_taken",
                    _("This coupon was already used on this order by another customer."),
                )
            return Redeemed(earlier, repeated=True)
        _check_redeemable(coupon, customer, now)
        redemption = CouponRedemption.objects.create(
            coupon=coupon, customer=customer, order_reference=order_reference[:200], created_at=now
        )
        events.loyalty_event(
            "coupon.redeemed",
            subject_type="coupon",
            subject_id=coupon.pk,
            actor=None,
            customer_id=customer.pk,
            data={"order_reference": redemption.order_reference, "value": coupon.batch.value_text},
        )
    return Redeemed(redemption, repeated=False)


def _check_redeemable(coupon: Coupon, customer: Customer, now: datetime) -> None:
    """Call under the coupon's and the customer's row locks."""
    batch = coupon.batch
    if batch.expires_at is not None and batch.expires_at <= now:
        raise CouponRefused(410, "expired", _("This coupon has expired."))
    if batch.customer_id is not None and batch.customer_id != customer.pk:
        raise CouponRefused(409, "not_for_customer", _("This coupon is for another customer."))
    if batch.tier and customer.tier != batch.tier:
        raise CouponRefused(409, "not_for_tier", _("This coupon is for customers of another tier."))
    if batch.for_new_customers and not batch.existing_customers_too and order_count(customer.pk):
        raise CouponRefused(
            409,
            "new_customers_only",
            _("This coupon is for new customers: %(why)s") % {"why": batch.why_not_existing},
        )
    if coupon.redemptions.count() >= batch.max_uses:
        raise CouponRefused(409, "used_up", _("This coupon has already been used."))
    used = CouponRedemption.objects.filter(coupon__batch=batch, customer=customer).count()
    if used >= batch.max_uses_per_customer:
        raise CouponRefused(
            409,
            "customer_limit",
            _("This customer has already used this offer as often as allowed."),
        )
