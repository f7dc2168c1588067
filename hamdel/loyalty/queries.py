"""Reads of the loyalty pages."""

from django.db.models import Count, QuerySet

from hamdel.loyalty.models import Coupon, CouponBatch, Raffle
from hamdel.tickets.models import Conversation

LISTED = 50  # batches and raffles on the loyalty page


def coupons_given_in(conversation: Conversation) -> list[Coupon]:
    return list(
        Coupon.objects.filter(batch__conversation=conversation)
        .select_related("batch")
        .annotate(uses=Count("redemptions"))
        .order_by("-id")[:10]
    )


def recent_batches() -> QuerySet[CouponBatch]:
    return (
        CouponBatch.objects.select_related("customer", "created_by")
        .annotate(codes=Count("coupons", distinct=True), uses=Count("coupons__redemptions"))
        .order_by("-id")[:LISTED]
    )


def recent_raffles() -> QuerySet[Raffle]:
    return Raffle.objects.annotate(entry_count=Count("entries")).order_by("-id")[:LISTED]
