"""The promise fields of the reply box, and the appointment forms of the calendar."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamdel.promises.models import Kind


class PromiseForm(forms.Form):
    """Prefixed `promise_` so it can sit inside the reply form beside the reply's own fields."""

    prefix = "promise"

    kind = forms.ChoiceField(label=_("I promise to"), choices=Kind.choices)
    due_at = forms.DateTimeField(
        label=_("by"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    owner = forms.CharField(label=_("owner"), required=False)  # "me" or "team:<id>"
    words = forms.CharField(label=_("in the customer's words"), required=False, max_length=2000)
    unlikely_reason = forms.CharField(
        label=_("Why keep this time?"), required=False, max_length=2000
    )


class AppointmentMoveForm(forms.Form):
    start = forms.DateTimeField(
        label=_("new start"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    minutes = forms.IntegerField(label=_("minutes"), min_value=5, max_value=480, initial=30)
