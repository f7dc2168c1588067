"""Loyalty: a points ledger, coupons, verifiable raffles and thank-you messages.

The points ledger is append-only (earn, redeem, expire, reverse; nothing changes in place)
and the balance is its sum. Writers hold the customer's row lock (PostgreSQL
`SELECT ... FOR UPDATE`; on SQLite every transaction is IMMEDIATE), so a balance never goes
negative and a one-use coupon is used once, whatever the concurrency.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Customer, Tier
from hamdel.tickets.models import Conversation


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The points ledger is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The points ledger is append-only")


class EntryKind(models.TextChoices):
    EARN = "earn", _("Earned")
    REDEEM = "redeem", _("Redeemed")
    EXPIRE = "expire", _("Expired")
    REVERSE = "reverse", _("Reversed")


class Source(models.TextChoices):
    PURCHASE = "purchase", _("Purchase")
    SURVEY = "survey", _("Survey answered")
    REFERRAL = "referral", _("Referral")
    GOODWILL = "goodwill", _("Goodwill from an agent")
    REDEMPTION = "redemption", _("Redemption")
    EXPIRY = "expiry", _("Expiry")
    REVERSAL = "reversal", _("Reversal")


class PointsEntry(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    points = models.IntegerField(_("points"))  # positive earns, negative spends
    # What it is for: an order number, a survey answer, a referred customer; unique per
    # customer and source, so a retried earn or redemption is written once.
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    # A purchase's amount, kept for the order count and the customer's history.
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=4, null=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        indexes = [models.Index(fields=["customer", "-id"], name="points_customer_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "source", "reference"],
                condition=~models.Q(reference=""),
                name="points_reference_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.points:+d} ({self.source})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("The points ledger is append-only")
        super().save(*args, **kwargs)


class CouponKind(models.TextChoices):
    PERCENT = "percent", _("Percent off")
    FIXED = "fixed", _("Fixed amount off")


class CouponBatch(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=CouponKind.choices)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=4, null=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    max_uses = models.PositiveIntegerField(_("uses of each code"), default=1)
    max_uses_per_customer = models.PositiveIntegerField(_("uses per customer"), default=1)
    # Who may use it: one customer, customers of a tier (a segment), or anyone.
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("for customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tier = models.CharField(_("for tier"), max_length=16, choices=Tier.choices, blank=True)
    # A new-customer offer is offered to existing customers too, unless the admin says why not.
    for_new_customers = models.BooleanField(_("a new-customer offer"), default=False)
    existing_customers_too = models.BooleanField(_("existing customers too"), default=True)
    why_not_existing = models.CharField(
        _("why existing customers are left out"), max_length=500, blank=True
    )
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("given in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("made"), default=timezone.now)

    class Meta:
        verbose_name = _("coupon batch")
        verbose_name_plural = _("coupon batches")

    def __str__(self) -> str:
        return self.name

    @property
    def value_text(self) -> str:
        if self.kind == CouponKind.PERCENT:
            return f"{Decimal(self.percent or 0).normalize():f}%"
        return f"{Decimal(self.amount or 0).normalize():f} {self.currency}"


class Coupon(models.Model):
    batch = models.ForeignKey(
        CouponBatch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="coupons"
    )
    code = models.CharField(_("code"), max_length=32, unique=True)  # XXXX-XXXX-XXXX
    created_at = models.DateTimeField(_("made"), default=timezone.now)

    class Meta:
        verbose_name = _("coupon")
        verbose_name_plural = _("coupons")

    def __str__(self) -> str:
        return self.code


class CouponRedemption(models.Model):
    coupon = models.ForeignKey(
        Coupon, verbose_name=_("coupon"), on_delete=models.PROTECT, related_name="redemptions"
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    order_reference = models.CharField(_("order"), max_length=200)
    created_at = models.DateTimeField(_("redeemed"), default=timezone.now)

    class Meta:
        verbose_name = _("coupon redemption")
        verbose_name_plural = _("coupon redemptions")
        constraints = [
            models.UniqueConstraint(fields=["coupon", "order_reference"], name="coupon_order_once"),
        ]

    def __str__(self) -> str:
        return self.order_reference


class RaffleState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    DRAWN = "drawn", _("Drawn")


class Raffle(models.Model):
    name = models.CharField(_("name"), max_length=200)
    winners = models.PositiveIntegerField(_("number of winners"))
    eligibility = models.JSONField(_("who may enter"), default=dict)
    state = models.CharField(
        _("state"), max_length=16, choices=RaffleState.choices, default=RaffleState.OPEN
    )
    # 32 random bytes as 64 hex digits: secret until the draw, when it is published.
    seed = models.CharField(_("seed"), max_length=64)
    commitment = models.CharField(_("commitment"), max_length=64)  # SHA-256(seed), hex
    digest = models.CharField(_("digest of the entries"), max_length=64, blank=True)
    public_value = models.CharField(_("public value"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("drawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("raffle")
        verbose_name_plural = _("raffles")

    def __str__(self) -> str:
        return self.name


class RaffleEntry(models.Model):
    raffle = models.ForeignKey(
        Raffle, verbose_name=_("raffle"), on_delete=models.PROTECT, related_name="entries"
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("entry code"), max_length=32)  # public, pseudonymous
    # Drawn as the position-th winner (0 first), or None.
    position = models.PositiveIntegerField(_("winner number"), null=True, blank=True)

    class Meta:
        verbose_name = _("raffle entry")
        verbose_name_plural = _("raffle entries")
        constraints = [
            models.UniqueConstraint(fields=["raffle", "code"], name="raffle_code_once"),
            models.UniqueConstraint(fields=["raffle", "customer"], name="raffle_customer_once"),
        ]

    def __str__(self) -> str:
        return self.code


class Occasion(models.TextChoices):
    SOLVED = "solved", _("After a solved conversation")
    FIRST_YEAR = "first_year", _("First year with us")
    TENTH_ORDER = "tenth_order", _("Tenth order")


class ThankYouTemplate(models.Model):
    occasion = models.CharField(_("occasion"), max_length=16, choices=Occasion.choices)
    language = models.CharField(_("language"), max_length=8)
    body = models.TextField(_("message"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("thank-you template")
        verbose_name_plural = _("thank-you templates")
        constraints = [
            models.UniqueConstraint(fields=["occasion", "language"], name="thanks_template_once")
        ]

    def __str__(self) -> str:
        return f"{self.occasion} ({self.language})"


class ThankYou(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    occasion = models.CharField(_("occasion"), max_length=16, choices=Occasion.choices)
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    message_id = models.BigIntegerField(_("message"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("thank-you")
        verbose_name_plural = _("thank-yous")
        indexes = [models.Index(fields=["customer", "occasion", "-sent_at"], name="thanks_idx")]
        constraints = [
            # A milestone is thanked once in a customer's life.
            models.UniqueConstraint(
                fields=["customer", "occasion"],
                condition=~models.Q(occasion="solved"),
                name="thanks_milestone_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.occasion} ({self.customer_id})"


class LoyaltySettings(models.Model):
    """One row (pk 1): the earn rules, the agents' limits and the thank-you rules."""

    points_per_purchase_unit = models.DecimalField(
        _("points per unit of purchase amount"), max_digits=12, decimal_places=6, default=1
    )
    survey_points = models.PositiveIntegerField(_("points per survey answered"), default=50)
    referral_points = models.PositiveIntegerField(_("points per referral"), default=200)
    points_valid_days = models.PositiveIntegerField(_("days earned points stay valid"), default=365)
    agent_goodwill_points = models.PositiveIntegerField(
        _("goodwill points an agent may give at once"), default=200
    )
    supervisor_goodwill_points = models.PositiveIntegerField(
        _("goodwill points a supervisor may give at once"), default=2000
    )
    agent_coupon_percent = models.DecimalField(
        _("largest percent coupon an agent may give"), max_digits=5, decimal_places=2, default=10
    )
    supervisor_coupon_percent = models.DecimalField(
        _("largest percent coupon a supervisor may give"),
        max_digits=5,
        decimal_places=2,
        default=30,
    )
    agent_coupon_amount = models.DecimalField(
        _("largest fixed coupon an agent may give"), max_digits=18, decimal_places=4, default=10
    )
    supervisor_coupon_amount = models.DecimalField(
        _("largest fixed coupon a supervisor may give"),
        max_digits=18,
        decimal_places=4,
        default=50,
    )
    coupon_limit_currency = models.CharField(
        _("currency of the fixed coupon limits"), max_length=3, default="EUR"
    )
    coupon_valid_days = models.PositiveIntegerField(
        _("days a coupon given in a conversation is valid"), default=90
    )
    thank_after_solved = models.BooleanField(
        _("thank customers after a solved conversation"), default=True
    )
    thanks_period_days = models.PositiveIntegerField(
        _("at most one thank-you per customer in this many days"), default=30
    )
    thank_on_milestones = models.BooleanField(_("thank customers on milestones"), default=True)

    class Meta:
        verbose_name = _("loyalty settings")
        verbose_name_plural = _("loyalty settings")

    def __str__(self) -> str:
        return str(_("Loyalty settings"))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @property
    def purchase_rate_text(self) -> str:
        return f"{Decimal(self.points_per_purchase_unit).normalize():f}"

    @classmethod
    def load(cls) -> "LoyaltySettings":
        found, created = cls.objects.get_or_create(pk=1)
        if created:
            found.refresh_from_db()  # the defaults as the database's types (Decimal)
        return found
