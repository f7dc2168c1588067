from django.contrib import admin

from hamdel.messaging.models import Account, Template


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin[Account]):
    list_display = ["name", "kind", "team", "is_active", "created_at"]
    exclude = ["sealed"]  # secrets are never shown, not even here


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin[Template]):
    list_display = ["name", "language", "account", "approved"]
