from django.contrib import admin

from hamdel.loyalty.models import CouponBatch, LoyaltySettings, Raffle, ThankYouTemplate

admin.site.register(LoyaltySettings)
admin.site.register(ThankYouTemplate)


@admin.register(CouponBatch)
class CouponBatchAdmin(admin.ModelAdmin[CouponBatch]):
    list_display = ["name", "kind", "percent", "amount", "currency", "expires_at", "created_at"]


@admin.register(Raffle)
class RaffleAdmin(admin.ModelAdmin[Raffle]):
    list_display = ["name", "state", "winners", "opened_at"]
    exclude = ["seed"]  # secret until the draw
