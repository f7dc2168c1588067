from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from hamdel.complaints.models import RootCause, Verdict
from hamdel.people.models import Team


class ResolutionForm(forms.Form):
    root_cause = forms.ModelChoiceField(
        queryset=RootCause.objects.filter(is_active=True), label=_("Root cause"), required=False
    )
    resolution = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RootCauseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Decision"), choices=Verdict.choices)
    why = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))


class DeskForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.all(), label=_("Desk team"))
    route_complaints = forms.BooleanField(label=_("Move complaints to the desk"), required=False)
    escalate_to = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(is_active=True, agent__isnull=False).order_by("username"),
        label=_("Told when a complaint is overdue"),
        required=False,
    )
    escalate_after_minutes = forms.IntegerField(
        label=_("Overdue after (minutes, without an SLA clock)"), min_value=1
    )
