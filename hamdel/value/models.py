"""Purchases, the fitted lifetime-value models, each customer's value, and the tier cut-offs."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Customer, Tier


class Source(models.TextChoices):
    CSV = "csv", _("CSV file")
    API = "api", _("API")


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class TransactionImport(models.Model):
    """One uploaded CSV file: its progress and the rows it skipped, with the reason."""

    file_name = models.CharField(_("file"), max_length=200)
    # The file's text until the import has read it; emptied afterwards (it names customers).
    content = models.TextField(blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ImportState.choices, default=ImportState.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows read"), default=0)
    imported_rows = models.PositiveIntegerField(_("rows imported"), default=0)
    duplicate_rows = models.PositiveIntegerField(_("orders already imported"), default=0)
    # [{"row": line number in the file, "reason": why, in words}], at most MAX_SKIPS_KEPT
    skipped = models.JSONField(_("skipped rows"), default=list, blank=True)
    skipped_rows = models.PositiveIntegerField(_("rows skipped"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("transaction import")
        verbose_name_plural = _("transaction imports")

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        if self.state in (ImportState.DONE, ImportState.FAILED):
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def finished(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.FAILED)


class Transaction(models.Model):
    """One order of a customer. `order_id` is unique: importing it twice stores it once."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    order_id = models.CharField(_("order"), max_length=100, unique=True)
    day = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    imported_by = models.ForeignKey(
        TransactionImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        indexes = [models.Index(fields=["customer", "day"], name="value_tx_customer_day")]

    def __str__(self) -> str:
        return self.order_id


class FitState(models.TextChoices):
    OK = "ok", _("Fitted")
    FAILED = "failed", _("Failed")


class ValueFit(models.Model):
    """One fit of the models to every stored transaction. A failed one keeps its reason;
    the customers' values stay those of the last good one."""

    state = models.CharField(_("state"), max_length=8, choices=FitState.choices)
    reason = models.TextField(_("why it failed"), blank=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    customers = models.PositiveIntegerField(_("customers"), default=0)
    transactions = models.PositiveIntegerField(_("transactions"), default=0)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    # transactions in other currencies, left out (amounts are not converted)
    other_currency = models.PositiveIntegerField(default=0)
    observed_until = models.DateField(null=True, blank=True)
    horizon_weeks = models.PositiveIntegerField(_("horizon in weeks"), default=52)
    r = models.FloatField(null=True, blank=True)
    alpha = models.FloatField(null=True, blank=True)
    a = models.FloatField(null=True, blank=True)
    b = models.FloatField(null=True, blank=True)
    log_likelihood = models.FloatField(null=True, blank=True)
    p = models.FloatField(null=True, blank=True)
    q = models.FloatField(null=True, blank=True)
    v = models.FloatField(null=True, blank=True)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("value fit")
        verbose_name_plural = _("value fits")
        indexes = [models.Index(fields=["state", "-finished_at"], name="value_fit_state")]

    def __str__(self) -> str:
        return f"{self.state} {self.finished_at:%Y-%m-%d %H:%M}"


class CustomerValue(models.Model):
    """What the last good fit says of one customer (time in weeks)."""

    customer = models.OneToOneField(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    fit = models.ForeignKey(ValueFit, on_delete=models.PROTECT, related_name="+")
    frequency = models.PositiveIntegerField(_("repeat purchases"))
    recency = models.FloatField(_("weeks from the first to the last purchase"))
    age = models.FloatField(_("weeks since the first purchase"))
    average_spend = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))
    expected_purchases = models.FloatField(_("expected purchases"))
    probability_alive = models.FloatField(_("probability still a customer"))
    lifetime_value = models.DecimalField(_("lifetime value"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    rank = models.PositiveIntegerField(_("rank"))  # 1 = the most valuable
    computed_tier = models.CharField(_("tier by value"), max_length=16, choices=Tier.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("customer value")
        verbose_name_plural = _("customer values")
        indexes = [models.Index(fields=["rank"], name="value_rank")]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.lifetime_value} {self.currency}"


class TierBasis(models.TextChoices):
    SHARE = "share", _("share of customers (top percent)")
    VALUE = "value", _("lifetime value (at least)")


# The computed tiers, best first; standard is everyone below the cut-offs.
RANKED_TIERS = (Tier.VIP, Tier.PLATINUM, Tier.GOLD, Tier.SILVER)


class TierPolicy(models.Model):
    """The cut-offs, one row. By share: the top `platinum` % are platinum, the next `gold` %
    gold, and so on; by value: a lifetime value of at least `platinum` makes platinum. An
    empty cut-off gives nobody that tier."""

    basis = models.CharField(
        _("cut-offs by"), max_length=8, choices=TierBasis.choices, default=TierBasis.SHARE
    )
    vip = models.DecimalField(_("VIP"), max_digits=16, decimal_places=2, null=True, blank=True)
    platinum = models.DecimalField(
        _("Platinum"), max_digits=16, decimal_places=2, null=True, blank=True, default=Decimal(5)
    )
    gold = models.DecimalField(
        _("Gold"), max_digits=16, decimal_places=2, null=True, blank=True, default=Decimal(15)
    )
    silver = models.DecimalField(
        _("Silver"), max_digits=16, decimal_places=2, null=True, blank=True, default=Decimal(30)
    )
    horizon_weeks = models.PositiveIntegerField(_("lifetime value over (weeks)"), default=52)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tier cut-offs")
        verbose_name_plural = _("tier cut-offs")

    def __str__(self) -> str:
        return str(self.get_basis_display())

    @classmethod
    def load(cls) -> "TierPolicy":
        """The saved cut-offs, else the defaults (saved by the first change, so reading
        the page writes nothing)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def cutoffs(self) -> list[tuple[str, Decimal]]:
        """(tier, cut-off) best first, the tiers without a cut-off left out."""
        values = {Tier.VIP: self.vip, Tier.PLATINUM: self.platinum}
        values |= {Tier.GOLD: self.gold, Tier.SILVER: self.silver}
        return [(tier, values[tier]) for tier in RANKED_TIERS if values[tier] is not None]  # type: ignore[misc]
