from django.contrib import admin

from hamdel.people.models import Agent, Customer, Identity, Organisation, Team


class IdentityInline(admin.TabularInline[Identity, Customer]):
    model = Identity
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin[Customer]):
    list_display = ("name", "tier", "language", "created_at")
    search_fields = ("name", "identities__value")
    list_filter = ("tier", "language")
    inlines = [IdentityInline]


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin[Agent]):
    list_display = ("user", "role", "presence")
    list_filter = ("role", "presence", "teams")


admin.site.register(Team)
admin.site.register(Organisation)
