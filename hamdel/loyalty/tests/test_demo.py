from hamdel.loyalty import demo, raffles
from hamdel.loyalty.models import CouponBatch, PointsEntry, Raffle
from hamdel.test import Cast, make_customer


def test_the_demo_earns_points_makes_coupons_and_a_verifiable_raffle_once(cast: Cast) -> None:
    make_customer("Second")
    demo.load({})
    demo.load({})
    assert PointsEntry.objects.filter(source="purchase").exists()
    assert CouponBatch.objects.count() == 1
    raffle = Raffle.objects.get()
    assert raffles.verify(raffles.audit_of(raffle)).ok
