from django.contrib import admin

from hamdel.promises.models import Appointment, Promise, ReminderSetting, Resource, TeamDefault


@admin.register(Promise)
class PromiseAdmin(admin.ModelAdmin[Promise]):
    list_display = ["pk", "kind", "state", "due_at", "owner_agent", "team", "customer"]
    list_filter = ["state", "kind", "team"]
    raw_id_fields = ["customer", "conversation", "owner_agent", "created_by", "told_message"]


@admin.register(TeamDefault)
class TeamDefaultAdmin(admin.ModelAdmin[TeamDefault]):
    list_display = ["team", "kind", "minutes"]


@admin.register(ReminderSetting)
class ReminderSettingAdmin(admin.ModelAdmin[ReminderSetting]):
    list_display = ["team", "minutes_before"]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin[Appointment]):
    list_display = ["pk", "agent", "resource", "customer", "start", "end", "state"]
    list_filter = ["state"]
    raw_id_fields = ["customer", "conversation", "agent", "resource", "created_by"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin[Resource]):
    list_display = ["name", "team", "is_active"]
    list_filter = ["team", "is_active"]
