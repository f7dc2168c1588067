"""Every write of the value app: purchases in, the nightly fit, tiers, tiers set by hand."""

import csv
import io
import re
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.people import actions as people_actions
from hamdel.people.models import Customer, Organisation, Tier
from hamdel.value import clv, events, wording
from hamdel.value.models import (
    CustomerValue,
    FitState,
    ImportState,
    Source,
    TierBasis,
    TierPolicy,
    Transaction,
    TransactionImport,
    ValueFit,
)

Actor = User | None

PROGRESS_EVERY = 200  # rows between progress writes of an import (the page polls them)
MAX_SKIPS_KEPT = 500  # skipped rows listed in the report; the rest are only counted
WRITE_BATCH = 2_000  # customer values per INSERT ... ON CONFLICT
CURRENCY = re.compile(r"^[A-Z]{3}$")
MONEY_STEP = Decimal("0.01")


# ----- purchases in ------------------------------------------------------------------------


@dataclass(frozen=True)
class Purchase:
    """One order as the API or a CSV row gives it; the customer by id, email or phone."""

    order_id: str
    day: date
    amount: Decimal
    currency: str
    customer_id: int | None = None
    email: str = ""
    phone: str = ""
    name: str = ""


class Conflict(Exception):
    """The order id is already recorded with other details."""


def _customer_of(purchase: Purchase, actor: Actor) -> Customer:
    if purchase.customer_id is not None:
        customer = Customer.objects.filter(pk=purchase.customer_id).first()
        if customer is None:
            raise ValidationError(_("There is no customer %(id)s.") % {"id": purchase.customer_id})
        while customer.merged_into_id:  # a merged-away customer's orders go to the survivor
            customer = Customer.objects.get(pk=customer.merged_into_id)
        return customer
    if not (purchase.email or purchase.phone):
        raise ValidationError(_("No customer: give a customer id, an email or a phone."))
    return people_actions.find_or_create_customer(
        purchase.name, actor, email=purchase.email or None, phone=purchase.phone or None
    )


def _check(purchase: Purchase) -> None:
    if not purchase.order_id.strip():
        raise ValidationError(_("The order id is missing."))
    if len(purchase.order_id) > 100:
        raise ValidationError(_("The order id is longer than 100 characters."))
    if not CURRENCY.match(purchase.currency):
        raise ValidationError(_("The currency is not a three-letter code like EUR."))
    if not purchase.amount.is_finite() or purchase.amount < 0:
        raise ValidationError(_("The amount must be zero or more."))
    if purchase.amount.quantize(MONEY_STEP) != purchase.amount:
        raise ValidationError(_("The amount has more than two decimals."))
    if purchase.amount >= Decimal(10) ** 12:
        raise ValidationError(_("The amount is too large."))
    if purchase.day > timezone.localdate():
        raise ValidationError(_("The date is in the future."))


def record_purchase(
    purchase: Purchase, actor: Actor, source: str, batch: TransactionImport | None = None
) -> tuple[Transaction, bool]:
    """Store one order, once: the same order id again returns the stored one (False);
    with other details it raises Conflict."""
    _check(purchase)
    existing = Transaction.objects.filter(order_id=purchase.order_id).first()
    if existing is not None:
        return _same_or_conflict(existing, purchase), False
    with transaction.atomic():
        customer = _customer_of(purchase, actor)
        row = Transaction(
            customer=customer,
            order_id=purchase.order_id,
            day=purchase.day,
            amount=purchase.amount,
            currency=purchase.currency,
            source=source,
            imported_by=batch,
        )
        try:
            with transaction.atomic():  # a racing duplicate fails alone, not the import
                row.save()
        except IntegrityError:
            existing = Transaction.objects.filter(order_id=purchase.order_id).first()
            if existing is None:
                raise
            return _same_or_conflict(existing, purchase), False
    return row, True


def _same_or_conflict(existing: Transaction, purchase: Purchase) -> Transaction:
    same = (
        existing.day == purchase.day
        and existing.amount == purchase.amount
        and existing.currency == purchase.currency
        and (purchase.customer_id is None or purchase.customer_id == existing.customer_id)
    )
    if not same:
        raise Conflict(
            _("Order %(order)s is already recorded with another date, amount or customer.")
            % {"order": existing.order_id}
        )
    return existing


# CSV columns: order_id, date, amount, currency, and customer_id or email or phone (name
# optional). Headers are matched without case or surrounding spaces.
CSV_REQUIRED = ("order_id", "date", "amount", "currency")
CSV_CUSTOMER = ("customer_id", "email", "phone")


def start_import(file_name: str, content: str, actor: Actor) -> TransactionImport:
    """Keep an uploaded file for the import job; refuses a file without the columns."""
    reader = csv.reader(io.StringIO(content))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in CSV_REQUIRED if name not in header]
    if missing:
        raise ValidationError(
            _("The file has no column %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if not any(name in header for name in CSV_CUSTOMER):
        raise ValidationError(_("The file needs a customer_id, email or phone column."))
    rows = sum(1 for _row in reader)
    batch = TransactionImport.objects.create(
        file_name=file_name[:200], content=content, total_rows=rows, created_by=actor
    )
    events.import_started(batch, actor)
    return batch


def _purchase_of(row: dict[str, str]) -> Purchase:
    day_text = row.get("date", "").strip()
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        raise ValidationError(
            _("The date %(date)s is not a date like 2026-03-21.") % {"date": day_text or "—"}
        ) from None
    amount_text = row.get("amount", "").strip()
    try:
        amount = Decimal(amount_text)
    except InvalidOperation:
        raise ValidationError(
            _("The amount %(amount)s is not a number.") % {"amount": amount_text or "—"}
        ) from None
    customer_text = row.get("customer_id", "").strip()
    if customer_text and not customer_text.isdigit():
        raise ValidationError(_("The customer id %(id)s is not a number.") % {"id": customer_text})
    return Purchase(
        order_id=row.get("order_id", "").strip(),
        day=day,
        amount=amount,
        currency=row.get("currency", "").strip().upper(),
        customer_id=int(customer_text) if customer_text else None,
        email=row.get("email", "").strip(),
        phone=row.get("phone", "").strip(),
        name=row.get("name", "").strip(),
    )


def run_import(import_id: int) -> TransactionImport:
    """Read a kept file row by row; each bad row is skipped with its reason. Safe to run
    twice: a finished import is left alone, and orders are stored once anyway."""
    batch = TransactionImport.objects.get(pk=import_id)
    if batch.finished:
        return batch
    batch.state = ImportState.RUNNING
    batch.save(update_fields=["state", "updated_at"])
    actor = batch.created_by
    reader = csv.DictReader(io.StringIO(batch.content))
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
    skipped: list[dict[str, Any]] = []
    counts = Counter[str]()
    for number, row in enumerate(reader, start=2):  # line 1 is the header
        reason = _import_row(row, actor, batch)
        if reason is None:
            counts["imported"] += 1
        elif reason is DUPLICATE:
            counts["duplicate"] += 1
        else:
            counts["skipped"] += 1
            if len(skipped) < MAX_SKIPS_KEPT:
                skipped.append({"row": number, "reason": reason})
        batch.processed_rows = number - 1
        if batch.processed_rows % PROGRESS_EVERY == 0:
            _save_progress(batch, counts, skipped)
    batch.state = ImportState.DONE
    batch.content = ""
    _save_progress(batch, counts, skipped, final=True)
    events.import_finished(batch, actor)
    return batch


DUPLICATE = "duplicate"  # an order stored before with the same details: not an error


def _import_row(row: dict[str, str], actor: Actor, batch: TransactionImport) -> str | None:
    """None when imported, DUPLICATE for an order already stored alike, else why not."""
    try:
        _stored, created = record_purchase(_purchase_of(row), actor, Source.CSV, batch)
    except ValidationError as error:
        return " ".join(error.messages)
    except Conflict as error:
        return str(error)
    return None if created else DUPLICATE


def _save_progress(
    batch: TransactionImport,
    counts: Counter[str],
    skipped: list[dict[str, Any]],
    final: bool = False,
) -> None:
    batch.imported_rows = counts["imported"]
    batch.duplicate_rows = counts["duplicate"]
    batch.skipped_rows = counts["skipped"]
    batch.skipped = skipped
    fields = ["processed_rows", "imported_rows", "duplicate_rows", "skipped_rows", "skipped"]
    if final:
        fields += ["state", "content"]
    batch.save(update_fields=[*fields, "updated_at"])


def fail_import(import_id: int, reason: str) -> None:
    TransactionImport.objects.filter(pk=import_id).update(
        state=ImportState.FAILED, error=reason, content=""
    )


# ----- the fit -----------------------------------------------------------------------------


def _stored_summary() -> tuple[clv.Summary, str, int, date]:
    """Every stored order in the most used currency, as the summary form (customer ids as
    text), with the currency, the number of orders in other currencies, the last day."""
    currencies = Counter(dict(_currency_counts()))
    if not currencies:
        raise clv.FitError(_("There are no transactions yet."))
    currency = currencies.most_common(1)[0][0]
    rows = Transaction.objects.filter(currency=currency).values_list("customer_id", "day", "amount")
    ids, days, amounts = [], [], []
    for customer_id, day, amount in rows.iterator(chunk_size=10_000):
        ids.append(customer_id)
        days.append(day.toordinal())
        amounts.append(float(amount))
    until = timezone.localdate()
    summary = clv.summarise(
        np.asarray(ids, dtype=np.int64),  # type: ignore[arg-type]
        np.asarray(days, dtype=np.int64),
        np.asarray(amounts),
        observed_until=until,
    )
    return summary, currency, sum(currencies.values()) - currencies[currency], until


def _currency_counts() -> list[tuple[str, int]]:
    from django.db.models import Count

    return list(
        Transaction.objects.values("currency").annotate(n=Count("id")).values_list("currency", "n")
    )


def fit_values(actor: Actor = None) -> ValueFit:
    """Fit both models to every stored order, store each customer's value and set the tiers.
    A failed fit is recorded with its reason; the values and tiers of the last good one stay."""
    started, clock = timezone.now(), time.monotonic()
    policy = TierPolicy.load()
    try:
        summary, currency, other, until = _stored_summary()
        model = clv.fit(summary)
        if model.gamma_gamma is None or model.gamma_gamma.q <= 1:
            raise clv.FitError(
                _("The spend model has q ≤ 1: mean spend is not defined for these data.")
            )
        predictions = clv.predict(model, summary, float(policy.horizon_weeks))
    except clv.FitError as error:
        return _failed(started, clock, str(error), actor)
    except (ValueError, FloatingPointError, ArithmeticError) as error:  # numerics gone wrong
        return _failed(started, clock, _("The fit failed: %(error)s") % {"error": error}, actor)
    with transaction.atomic():
        fit = ValueFit.objects.create(
            state=FitState.OK,
            started_at=started,
            finished_at=timezone.now(),
            customers=len(summary),
            transactions=summary.transactions,
            currency=currency,
            other_currency=other,
            observed_until=until,
            horizon_weeks=policy.horizon_weeks,
            r=model.bgnbd.r,
            alpha=model.bgnbd.alpha,
            a=model.bgnbd.a,
            b=model.bgnbd.b,
            log_likelihood=model.bgnbd.log_likelihood,
            p=model.gamma_gamma.p,
            q=model.gamma_gamma.q,
            v=model.gamma_gamma.v,
            seconds=0,
        )
        _store_values(fit, summary, predictions)
        apply_tiers(fit, policy, actor)
        fit.seconds = round(time.monotonic() - clock, 3)
        fit.save(update_fields=["seconds"])
        events.fitted(fit, actor)
    return fit


def _failed(started: Any, clock: float, reason: str, actor: Actor) -> ValueFit:
    fit = ValueFit.objects.create(
        state=FitState.FAILED,
        reason=reason,
        started_at=started,
        finished_at=timezone.now(),
        seconds=round(time.monotonic() - clock, 3),
    )
    events.fit_failed(fit, actor)
    return fit


def _store_values(fit: ValueFit, summary: clv.Summary, predictions: clv.Predictions) -> None:
    """One row per fitted customer (insert or update), ranked by lifetime value; rows of
    customers no longer in the data (merged away) are dropped."""
    order = np.argsort(-predictions.lifetime_value, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(1, len(order) + 1)
    spend = summary.monetary_value if summary.monetary_value is not None else summary.frequency
    rows = [
        CustomerValue(
            customer_id=int(summary.customer_ids[i]),
            fit=fit,
            frequency=int(summary.frequency[i]),
            recency=float(summary.recency[i]),
            age=float(summary.T[i]),
            average_spend=_money(spend[i]),
            expected_purchases=float(predictions.expected_purchases[i]),
            probability_alive=float(predictions.probability_alive[i]),
            lifetime_value=_money(predictions.lifetime_value[i]),
            currency=fit.currency,
            rank=int(rank[i]),
            computed_tier=Tier.STANDARD,
        )
        for i in range(len(summary))
    ]
    fields = [
        "fit",
        "frequency",
        "recency",
        "age",
        "average_spend",
        "expected_purchases",
        "probability_alive",
        "lifetime_value",
        "currency",
        "rank",
        "computed_tier",
        "updated_at",
    ]
    for start in range(0, len(rows), WRITE_BATCH):
        CustomerValue.objects.bulk_create(
            rows[start : start + WRITE_BATCH],
            update_conflicts=True,
            unique_fields=["customer"],
            update_fields=fields,
        )
    CustomerValue.objects.exclude(fit=fit).delete()


def _money(value: float) -> Decimal:
    return Decimal(str(round(float(value), 2))) if np.isfinite(value) else Decimal(0)


def last_good_fit() -> ValueFit | None:
    return ValueFit.objects.filter(state=FitState.OK).order_by("-finished_at", "-pk").first()


# ----- tiers -------------------------------------------------------------------------------


def computed_tier(
    policy: TierPolicy, rank: int, customers: int, value: Decimal
) -> tuple[str, Decimal | None]:
    """The tier the cut-offs give, and the cut-off that gave it (by share: the cumulative
    top share in %, so the next 15 % after the top 5 % are "the top 20 %")."""
    if policy.basis == TierBasis.VALUE:
        for tier, cutoff in policy.cutoffs():
            if value >= cutoff:
                return tier, cutoff
        return Tier.STANDARD, None
    top = Decimal(0)
    for tier, share in policy.cutoffs():
        top += share
        if rank <= int(top * customers / 100):  # the top N whole customers
            return tier, top
    return Tier.STANDARD, None


def standing_of(value: CustomerValue, fit: ValueFit, policy: TierPolicy) -> wording.Standing:
    tier, cutoff = computed_tier(policy, value.rank, fit.customers, value.lifetime_value)
    return wording.Standing(
        tier=tier,
        rank=value.rank,
        customers=fit.customers,
        lifetime_value=value.lifetime_value,
        currency=value.currency,
        horizon_weeks=fit.horizon_weeks,
        basis=policy.basis,
        cutoff=cutoff,
    )


def apply_tiers(fit: ValueFit, policy: TierPolicy, actor: Actor) -> int:
    """Set every fitted customer's computed tier and its reason; a tier set by hand stays.
    A changed tier goes through people's update_customer, so its event, search entry and
    the customer_changed signal (SLA policies, routing) follow. Returns how many changed."""
    language = Organisation.load().default_language
    values = list(
        CustomerValue.objects.filter(fit=fit).only(
            "customer_id", "rank", "lifetime_value", "currency", "computed_tier"
        )
    )
    standings = [standing_of(value, fit, policy) for value in values]
    reasons = wording.tier_reasons(standings, language)
    customers = Customer.objects.only("tier", "tier_manual", "tier_reason").in_bulk(
        [value.customer_id for value in values]
    )
    changed, worded, computed = 0, [], []
    for value, standing, reason in zip(values, standings, reasons, strict=True):
        if value.computed_tier != standing.tier:
            value.computed_tier = standing.tier
            computed.append(value)
        customer = customers.get(value.customer_id)
        if customer is None or customer.tier_manual:
            continue
        if customer.tier != standing.tier:
            people_actions.update_customer(customer, actor, tier=standing.tier)
            changed += 1
        if customer.tier_reason != reason[:300]:
            customer.tier_reason = reason[:300]
            worded.append(customer)
    CustomerValue.objects.bulk_update(computed, ["computed_tier"], batch_size=WRITE_BATCH)
    Customer.objects.bulk_update(worded, ["tier_reason"], batch_size=WRITE_BATCH)
    return changed


def update_policy(actor: Actor, **changes: Any) -> TierPolicy:
    """Change the cut-offs and set the tiers again from the last good fit (no refit)."""
    policy = TierPolicy.load()
    fields = ("basis", "vip", "platinum", "gold", "silver", "horizon_weeks")
    old = {name: str(getattr(policy, name)) for name in fields}
    for name, value in changes.items():
        if name not in fields:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(policy, name, value)
    if policy.basis == TierBasis.SHARE:
        total = sum((share for _tier, share in policy.cutoffs()), Decimal(0))
        if total > 100 or any(share < 0 for _tier, share in policy.cutoffs()):
            raise ValidationError(
                _(
                    "Each share must be zero or more, and all of them together at most a "
                    "hundred percent."
                )
            )
    elif any(cutoff < 0 for _tier, cutoff in policy.cutoffs()):
        raise ValidationError(_("A cut-off value must be 0 or more."))
    policy.full_clean()
    with transaction.atomic():
        policy.save()
        events.policy_changed(policy, old, actor)
        fit = last_good_fit()
        if fit is not None:
            apply_tiers(fit, policy, actor)
    return policy


def set_manual_tier(customer: Customer, tier: str, note: str, actor: User) -> Customer:
    """A supervisor's tier: it wins over the computed one until they clear it."""
    if tier not in Tier.values:
        raise ValidationError({"tier": _("Choose a tier.")})
    who = actor.get_full_name() or actor.get_username()
    language = Organisation.load().default_language
    reason = wording.manual_reason(who, timezone.localdate(), note.strip(), language)[:300]
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        people_actions.update_customer(customer, actor, tier=tier)
        Customer.objects.filter(pk=customer.pk).update(tier_manual=True, tier_reason=reason)
        events.tier_set_by_hand(customer, tier, note, actor)
    customer.refresh_from_db()
    return customer


def clear_manual_tier(customer: Customer, actor: User) -> Customer:
    """Back to the tier the value gives (standard, with no fitted value)."""
    fit = last_good_fit()
    value = CustomerValue.objects.filter(customer=customer).first()
    language = Organisation.load().default_language
    if fit is not None and value is not None:
        standing = standing_of(value, fit, TierPolicy.load())
        tier, reason = standing.tier, wording.tier_reason(standing, language)[:300]
    else:
        tier, reason = Tier.STANDARD, ""
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        Customer.objects.filter(pk=customer.pk).update(tier_manual=False, tier_reason=reason)
        people_actions.update_customer(customer, actor, tier=tier)
        events.manual_tier_cleared(customer, tier, actor)
    customer.refresh_from_db()
    return customer


# ----- background work ---------------------------------------------------------------------


def queue_import(batch: TransactionImport) -> None:
    """Start the import job once the upload is committed (the job takes the id only)."""

    def enqueue() -> None:
        from hamdel.value import jobs  # Huey is configured by settings; import when needed

        jobs.import_transactions(batch.pk)

    transaction.on_commit(enqueue)


def queue_fit() -> None:
    def enqueue() -> None:
        from hamdel.value import jobs

        jobs.refit_values_now()

    transaction.on_commit(enqueue)
