from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hamdel.lib.localise import timezone_names
from hamdel.people.models import Agent
from hamdel.tickets.models import Status

BULK_ACTIONS = [
    ("assign", _("Assign to")),
    ("status", _("Set status")),
    ("tag", _("Add tag")),
    ("spam", _("Mark as spam")),
]


class BulkForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=BULK_ACTIONS)
    assignee = forms.CharField(label=_("Agent"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, required=False)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=64)


class SavedViewForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    query = forms.CharField(max_length=2000, required=False)


class PreferencesForm(forms.Form):
    """A plain form: people.actions.update_agent does the write, not ModelForm.save()."""

    ui_language = forms.ChoiceField(label=_("Interface language"), choices=settings.LANGUAGES)
    timezone = forms.ChoiceField(label=_("Timezone"))
    signature = forms.CharField(label=_("Signature"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["timezone"]).choices = [
            (name, name) for name in timezone_names()
        ]

    @classmethod
    def initial_of(cls, agent: Agent) -> dict[str, str]:
        return {field: getattr(agent, field) for field in ("ui_language", "timezone", "signature")}
