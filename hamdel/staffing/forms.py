"""Forms of the staffing pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Agent, Presence, Team
from hamdel.staffing.forecast import INTERVALS
from hamdel.staffing.models import Queue
from hamdel.tickets.models import Channel

SCALE = [(n, str(n)) for n in range(1, 6)]


class QueueForm(forms.ModelForm[Queue]):
    class Meta:
        model = Queue
        fields = [
            "routing_enabled",
            "target_sl",
            "target_seconds",
            "aht_seconds",
            "patience_seconds",
            "shrinkage",
        ]


class PlanForm(forms.Form):
    day = forms.DateField(label=_("Day"), required=False)
    interval = forms.TypedChoiceField(
        label=_("Interval (minutes)"),
        choices=[(n, str(n)) for n in INTERVALS],
        coerce=int,
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All channels")), *Channel.choices], required=False
    )


class ShiftForm(forms.Form):
    agent = forms.ModelChoiceField(label=_("Agent"), queryset=Agent.objects.none())
    start = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    end = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args: object, team: Team, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["agent"]
        if isinstance(field, forms.ModelChoiceField):  # always: declared above
            field.queryset = Agent.objects.filter(teams=team, user__is_active=True).select_related(
                "user"
            )


class PresenceForm(forms.Form):
    presence = forms.ChoiceField(label=_("Presence"), choices=Presence.choices)


class PulseForm(forms.Form):
    mood = forms.TypedChoiceField(
        label=_("How do you feel this week?"), choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    workload = forms.TypedChoiceField(
        label=_("How manageable was your workload?"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    support = forms.TypedChoiceField(
        label=_("How well did the team support you?"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
