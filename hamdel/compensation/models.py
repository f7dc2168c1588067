"""Refunds and compensation: requests, empowerment limits, known charges and the ledger.

A request (`Compensation`) is written once and never changed. What happens to it is a row
of the append-only `Entry` ledger: requested, approved, rejected, paid, reversed. Its
state is read from its entries; the database refuses a second entry of one kind and a
second decision (approved or rejected), so two racing approvals or payments cannot both
land, whatever the application does.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Customer, Role
from hamdel.promises.models import Promise
from hamdel.tickets.models import Conversation

# Digits stored: enough for a billion rials and for currencies with 3 minor units.
MAX_DIGITS = 20
DECIMAL_PLACES = 4


class Kind(models.TextChoices):
    FULL_REFUND = "full_refund", _("Full refund")
    PARTIAL_REFUND = "partial_refund", _("Partial refund")
    STORE_CREDIT = "store_credit", _("Store credit")
    COUPON = "coupon", _("Coupon")
    FREE_SERVICE = "free_service", _("Free service")
    REPLACEMENT = "replacement", _("Replacement")


# Kinds that move money back to the customer: approving one promises a refund.
REFUND_KINDS = frozenset({Kind.FULL_REFUND, Kind.PARTIAL_REFUND})


class Reason(models.TextChoices):
    OVERCHARGE = "overcharge", _("Overcharge")
    DOUBLE_CHARGE = "double_charge", _("Double charge")
    DAMAGED = "damaged", _("Damaged")
    LATE = "late", _("Late")
    WRONG_ITEM = "wrong_item", _("Wrong item")
    GOODWILL = "goodwill", _("Goodwill")
    OTHER = "other", _("Other")


# Overcharges first: these, with a reference matching a known charge, are fast-tracked.
BILLING_REASONS = frozenset({Reason.OVERCHARGE, Reason.DOUBLE_CHARGE})


class EntryKind(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", _("Paid")
    REVERSED = "reversed", _("Reversed")


DECISIONS = (EntryKind.APPROVED, EntryKind.REJECTED)


class State(models.TextChoices):
    PENDING_APPROVAL = "pending_approval", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", _("Paid")
    REVERSED = "reversed", _("Reversed")


class Limit(models.Model):
    """How much a role may grant without asking anyone, per case and per calendar month."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    currency = models.CharField(_("currency"), max_length=3)
    per_case = models.DecimalField(_("per case"), max_digits=MAX_DIGITS, decimal_places=4)
    per_month = models.DecimalField(_("per month"), max_digits=MAX_DIGITS, decimal_places=4)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("empowerment limit")
        verbose_name_plural = _("empowerment limits")
        constraints = [
            models.UniqueConstraint(fields=["role", "currency"], name="one_limit_per_role")
        ]
        ordering = ["currency", "role"]

    def __str__(self) -> str:
        return f"{self.role} {self.currency} {self.per_case}/{self.per_month}"


class Charge(models.Model):
    """A payment the customer made (an order or transaction), as the shop reported it."""

    reference = models.CharField(_("reference"), max_length=100, unique=True)
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="charges"
    )
    amount = models.DecimalField(_("amount"), max_digits=MAX_DIGITS, decimal_places=4)
    currency = models.CharField(_("currency"), max_length=3)
    charged_at = models.DateTimeField(_("charged at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")

    def __str__(self) -> str:
        return f"{self.reference} {self.amount} {self.currency}"


class Compensation(models.Model):
    """What an agent asked to give a customer, and who must approve it and why."""

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.PROTECT,
        related_name="compensations",
    )
    # Not moved when customers merge (a ledger stays where it was written); readers follow
    # Customer.merged_into.
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="compensations",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=MAX_DIGITS, decimal_places=4)
    currency = models.CharField(_("currency"), max_length=3)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    reference = models.CharField(_("order or transaction reference"), max_length=100, blank=True)
    charge = models.ForeignKey(
        Charge,
        verbose_name=_("charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="compensations",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"))
    # "" when the requester's own limit covered it; else "supervisor" or "admin".
    approver_role = models.CharField(
        _("approver role"), max_length=16, choices=Role.choices, blank=True
    )
    why_code = models.CharField(_("why"), max_length=32)
    why_data = models.JSONField(_("why (figures)"), default=dict, blank=True)
    fast_track = models.BooleanField(_("fast-tracked"), default=False)

    class Meta:
        verbose_name = _("compensation request")
        verbose_name_plural = _("compensation requests")
        indexes = [models.Index(fields=["requested_by", "currency", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.currency}"

    @property
    def is_refund(self) -> bool:
        return self.kind in REFUND_KINDS


class Entry(models.Model):
    """One movement of the ledger. Rows are only ever added."""

    compensation = models.ForeignKey(
        Compensation, verbose_name=_("request"), on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=MAX_DIGITS, decimal_places=4)
    currency = models.CharField(_("currency"), max_length=3)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"), blank=True)
    # The payment gateway's reference of a payment or reversal.
    gateway_reference = models.CharField(_("gateway reference"), max_length=100, blank=True)
    # The refund promise an approval made (kept when the refund is paid).
    promise = models.ForeignKey(
        Promise,
        verbose_name=_("promise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["compensation", "kind"], name="one_entry_per_kind"),
            models.UniqueConstraint(
                fields=["compensation"],
                condition=Q(kind__in=["approved", "rejected"]),
                name="one_decision",
            ),
            models.CheckConstraint(condition=Q(amount__gte=Decimal(0)), name="entry_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.currency}"


def state_of(kinds: set[str]) -> State:
    """A request's state from the kinds of its entries."""
    for kind, state in (
        (EntryKind.REVERSED, State.REVERSED),
        (EntryKind.PAID, State.PAID),
        (EntryKind.REJECTED, State.REJECTED),
        (EntryKind.APPROVED, State.APPROVED),
    ):
        if kind in kinds:
            return state
    return State.PENDING_APPROVAL
