"""The phone pages' forms: a new integration, a callback's outcome, a taken message."""

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Team
from hamdel.phone.models import Kind


class IntegrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    team = forms.ModelChoiceField(label=_("Queue (team)"), queryset=Team.objects.order_by("name"))
    auth_token = forms.CharField(
        label=_("Auth token (Twilio)"), required=False, widget=forms.PasswordInput
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("reached", _("Reached")),
            ("no_answer", _("No answer")),
            ("wrong_number", _("Wrong number")),
        ],
    )
    retry_at = forms.DateTimeField(
        label=_("Try again at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class MessageForm(forms.Form):
    for_user = forms.ModelChoiceField(
        label=_("For"),
        queryset=User.objects.filter(is_active=True, agent__isnull=False).order_by("username"),
    )
    caller_name = forms.CharField(label=_("Caller"), max_length=200, required=False)
    phone = forms.CharField(label=_("Number"), max_length=64)
    about = forms.CharField(label=_("What it is about"), widget=forms.Textarea(attrs={"rows": 4}))
    call_back_at = forms.DateTimeField(
        label=_("Call back by"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty for two business hours from now."),
    )


class AttachForm(forms.Form):
    conversation = forms.IntegerField(label=_("Conversation number"), min_value=1)
