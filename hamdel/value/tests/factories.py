"""Plain typed builders for the value tests."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from hamdel.people.models import Customer
from hamdel.value import actions
from hamdel.value.models import Source, Transaction


def buy(
    customer: Customer,
    order_id: str,
    *,
    days_ago: int = 30,
    amount: str = "20.00",
    currency: str = "EUR",
) -> Transaction:
    purchase = actions.Purchase(
        order_id=order_id,
        day=timezone.localdate() - timedelta(days=days_ago),
        amount=Decimal(amount),
        currency=currency,
        customer_id=customer.pk,
    )
    return actions.record_purchase(purchase, None, Source.API)[0]


def history(customer: Customer, prefix: str, days_ago: list[int], amount: str = "20.00") -> None:
    for i, days in enumerate(days_ago):
        buy(customer, f"{prefix}-{i}", days_ago=days, amount=amount)


def day(days_ago: int) -> date:
    return timezone.localdate() - timedelta(days=days_ago)


def seed_customers(count: int, seed: int = 3) -> list[Customer]:
    """`count` customers with purchases drawn from the CDNOW model, stored in bulk (the
    tests need a few hundred; people's create_customer per customer would be the slow part)."""
    import numpy as np

    from hamdel.value import simulate

    drawn = simulate.simulate(count, seed=seed)
    customers = Customer.objects.bulk_create(
        [Customer(name=f"Customer {seed}-{i}") for i in range(count)]
    )
    today = timezone.localdate()
    days_ago = np.rint((drawn.age[drawn.customer] - drawn.week) * 7).astype(int)
    Transaction.objects.bulk_create(
        [
            Transaction(
                customer=customers[int(who)],
                order_id=f"sim-{seed}-{n}",
                day=today - timedelta(days=int(ago)),
                amount=Decimal(str(round(float(spent), 2))),
                currency="EUR",
                source=Source.API,
            )
            for n, (who, ago, spent) in enumerate(
                zip(drawn.customer, days_ago, drawn.amount, strict=True)
            )
        ]
    )
    return customers
