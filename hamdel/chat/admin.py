from django.contrib import admin

from hamdel.chat.models import AgentChatSettings, ChatSession, Widget


@admin.register(Widget)
class WidgetAdmin(admin.ModelAdmin[Widget]):
    list_display = ["name", "team", "is_active", "agent_capacity", "no_answer_seconds"]


@admin.register(ChatSession)
class ChatSessionAdmin(admin.ModelAdmin[ChatSession]):
    list_display = ["visitor", "widget", "conversation", "agent", "contact_kind", "created_at"]
    raw_id_fields = ["conversation", "agent"]


@admin.register(AgentChatSettings)
class AgentChatSettingsAdmin(admin.ModelAdmin[AgentChatSettings]):
    list_display = ["agent", "capacity"]
