"""Audit events of the value app; called only from value.actions."""

from typing import Any

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event
from hamdel.people.models import Customer
from hamdel.value.models import TierPolicy, TransactionImport, ValueFit

Actor = User | None


def import_started(batch: TransactionImport, actor: Actor) -> Event:
    return record_event(
        "value.import_started",
        subject_type="transaction_import",
        subject_id=batch.pk,
        actor=actor,
        data={"file": batch.file_name, "rows": batch.total_rows},
    )


def import_finished(batch: TransactionImport, actor: Actor) -> Event:
    return record_event(
        "value.import_finished",
        subject_type="transaction_import",
        subject_id=batch.pk,
        actor=actor,
        data={
            "imported": batch.imported_rows,
            "duplicates": batch.duplicate_rows,
            "skipped": batch.skipped_rows,
        },
    )


def fitted(fit: ValueFit, actor: Actor) -> Event:
    return record_event(
        "value.fitted",
        subject_type="value_fit",
        subject_id=fit.pk,
        actor=actor,
        data={"customers": fit.customers, "transactions": fit.transactions, "seconds": fit.seconds},
    )


def fit_failed(fit: ValueFit, actor: Actor) -> Event:
    return record_event(
        "value.fit_failed",
        subject_type="value_fit",
        subject_id=fit.pk,
        actor=actor,
        data={"reason": fit.reason},
    )


def policy_changed(policy: TierPolicy, old: dict[str, Any], actor: Actor) -> Event:
    fields = ("basis", "vip", "platinum", "gold", "silver", "horizon_weeks")
    return record_event(
        "value.cutoffs_changed",
        subject_type="tier_policy",
        subject_id=policy.pk,
        actor=actor,
        old=old,
        new={name: str(getattr(policy, name)) for name in fields},
    )


def tier_set_by_hand(customer: Customer, tier: str, note: str, actor: Actor) -> Event:
    return record_event(
        "value.tier_set_by_hand",
        subject_type="customer",
        subject_id=customer.pk,
        customer_id=customer.pk,
        actor=actor,
        new={"tier": tier},
        data={"note": note},
    )


def manual_tier_cleared(customer: Customer, tier: str, actor: Actor) -> Event:
    return record_event(
        "value.manual_tier_cleared",
        subject_type="customer",
        subject_id=customer.pk,
        customer_id=customer.pk,
        actor=actor,
        new={"tier": tier},
    )
