from django.contrib import admin

from hamdel.phone.models import Call, Callback, Integration, QueueSettings, TakenMessage


@admin.register(Integration)
class IntegrationAdmin(admin.ModelAdmin[Integration]):
    list_display = ["name", "kind", "team", "is_active", "created_at"]
    exclude = ["sealed_auth_token", "token"]  # secrets are never shown, not even here


@admin.register(QueueSettings)
class QueueSettingsAdmin(admin.ModelAdmin[QueueSettings]):
    list_display = ["team", "target_seconds", "short_abandon_seconds", "callback_minutes"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin[Call]):
    list_display = ["call_id", "direction", "phone", "team", "outcome", "started_at"]
    list_filter = ["direction", "outcome", "team"]
    readonly_fields = [field.name for field in Call._meta.fields]


@admin.register(Callback)
class CallbackAdmin(admin.ModelAdmin[Callback]):
    list_display = ["phone", "team", "status", "missed_calls", "attempts", "due_at"]
    readonly_fields = [field.name for field in Callback._meta.fields]


@admin.register(TakenMessage)
class TakenMessageAdmin(admin.ModelAdmin[TakenMessage]):
    list_display = ["caller_name", "phone", "for_user", "status", "call_back_at"]
    readonly_fields = [field.name for field in TakenMessage._meta.fields]
