"""The administrators' settings form of a chat widget."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy

from hamdel.chat.models import Widget
from hamdel.people.models import Team


class WidgetForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    team = forms.ModelChoiceField(label=gettext_lazy("Team"), queryset=Team.objects.all())
    allowed_origins = forms.CharField(
        label=gettext_lazy("Sites that may show it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One origin a line, such as https://www.example.com"),
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None chosen: all four."),
    )
    no_answer_seconds = forms.IntegerField(
        label=gettext_lazy("Seconds before saying nobody has answered"), min_value=1, max_value=3600
    )
    agent_capacity = forms.IntegerField(
        label=gettext_lazy("Chats per agent at once"), min_value=1, max_value=50
    )
    is_active = forms.BooleanField(label=gettext_lazy("Active"), required=False)

    @staticmethod
    def initial_of(widget: Widget | None) -> dict[str, Any]:
        if widget is None:
            return {"no_answer_seconds": 120, "agent_capacity": 3, "is_active": True}
        return {
            "name": widget.name,
            "team": widget.team_id,
            "allowed_origins": "\n".join(widget.allowed_origins),
            "languages": widget.languages,
            "no_answer_seconds": widget.no_answer_seconds,
            "agent_capacity": widget.agent_capacity,
            "is_active": widget.is_active,
        }
