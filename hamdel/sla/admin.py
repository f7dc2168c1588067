from django.contrib import admin
from django.http import HttpRequest

from hamdel.sla.models import Calendar, SlaPolicy, SlaTimer, TeamCalendar


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin[Calendar]):
    list_display = ("name", "updated_at")
    search_fields = ("name",)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin[SlaPolicy]):
    list_display = (
        "position",
        "name",
        "is_active",
        "first_response_minutes",
        "next_response_minutes",
        "resolution_minutes",
    )
    list_display_links = ("name",)
    list_editable = ("position", "is_active")
    ordering = ("position", "id")


@admin.register(SlaTimer)
class SlaTimerAdmin(admin.ModelAdmin[SlaTimer]):
    # Clocks are moved only by sla.actions; the admin shows them read-only.
    list_display = ("conversation", "metric", "state", "due_at", "warned_at", "breached_at")
    list_filter = ("metric", "state")
    readonly_fields = [field.name for field in SlaTimer._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


admin.site.register(TeamCalendar)
