"""Demo loyalty data, run by `hamdel demo` after the core story (hamdel.lib.registry):
purchases and referrals earning points for the first customers, a coupon batch, and a
drawn raffle anyone can verify on its public page."""

import random
from decimal import Decimal
from typing import Any

from hamdel.loyalty import coupons, points, raffles
from hamdel.loyalty.models import CouponKind, PointsEntry, Source
from hamdel.people.models import Customer

SEED = 1404
CUSTOMERS = 12  # customers with a purchase history
CURRENCIES = ("EUR", "IRR", "TRY", "RUB")


def load(options: dict[str, Any]) -> None:
    if PointsEntry.objects.exists():
        return  # demo loyalty data is loaded once
    rng = random.Random(SEED)  # noqa: S311 - demo data, not cryptography
    customers = list(Customer.objects.filter(merged_into__isnull=True).order_by("pk")[:CUSTOMERS])
    for number, customer in enumerate(customers):
        for order in range(rng.randint(1, 4)):
            points.earn_points(
                customer,
                Source.PURCHASE,
                amount=Decimal(rng.randint(20, 400)),
                currency=CURRENCIES[number % len(CURRENCIES)],
                reference=f"DEMO-{customer.pk}-{order}",
            )
        if number % 3 == 0:
            points.earn_points(customer, Source.REFERRAL, reference=f"DEMO-REF-{customer.pk}")
    coupons.create_batch(name="Nowruz", kind=CouponKind.PERCENT, percent=Decimal(10), count=20)
    raffle = raffles.open_raffle("Thank-you raffle", 2, {"rule": "all_customers"}, None)
    raffles.draw_raffle(raffles.close_raffle(raffle, None), None, "06 14 25 33 41")
