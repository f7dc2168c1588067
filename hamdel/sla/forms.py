"""Plain forms for the SLA pages: they validate input; hamdel.sla.actions does every write."""

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Team, Tier
from hamdel.sla.models import MATCHABLE, Calendar, ReopenRule, SlaPolicy
from hamdel.tickets.models import Category, Channel, Priority

MAX_CALENDAR_FILE = 1024 * 1024  # a calendar file is a few kilobytes; refuse anything silly
ANY = _("None ticked: any")


def _choices(label: Any, choices: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, help_text=ANY,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


def _minutes(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=0, required=False, help_text=_("Business minutes; empty: no target")
    )


def _teams() -> Any:
    return Team.objects.order_by("name")


class PolicyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    channels = _choices(_("Channels"), Channel.choices)
    priorities = _choices(_("Priorities"), Priority.choices)
    categories = _choices(_("Categories"), Category.choices)
    tiers = _choices(_("Customer tiers"), Tier.choices)
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"), queryset=_teams(), required=False, help_text=ANY,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    first_response_minutes = _minutes(_("First response within"))
    next_response_minutes = _minutes(_("Next response within"))
    resolution_minutes = _minutes(_("Resolution within"))
    warning_percent = forms.IntegerField(
        label=_("Warn at (percent of the target used)"), min_value=1, max_value=100, initial=80
    )
    calendar = forms.ModelChoiceField(
        label=_("Calendar"), queryset=Calendar.objects.order_by("name"), required=False,
        empty_label=_("The team's calendar"),
    )  # fmt: skip
    on_reopen = forms.ChoiceField(
        label=_("When reopened"), choices=ReopenRule.choices, initial=ReopenRule.RESTART
    )
    notify_supervisor = forms.BooleanField(
        label=_("On breach: notify the supervisors"), required=False, initial=True
    )
    escalate_to_team = forms.ModelChoiceField(
        label=_("On breach: reassign to team"), queryset=_teams(), required=False
    )
    raise_priority = forms.BooleanField(
        label=_("On breach: raise the priority one step"), required=False
    )

    @classmethod
    def initial_of(cls, policy: SlaPolicy) -> dict[str, Any]:
        initial = {name: getattr(policy, name) for name in cls.base_fields if name != "teams"}
        initial["teams"] = list(policy.teams.all())
        return initial

    def fill(self, policy: SlaPolicy) -> list[Team]:
        """Copy the cleaned input onto an unsaved policy; the teams go to save_policy apart."""
        data = dict(self.cleaned_data)
        teams = list(data.pop("teams"))
        for name, value in data.items():
            setattr(policy, name, value)
        return teams

    def show(self, error: ValidationError) -> None:
        """An action's validation errors, on their field when the form has it."""
        by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for name, problems in by_field.items():
            self.add_error(name if name in self.fields else None, problems)


def matches_of(policy: SlaPolicy) -> list[tuple[str, str]]:
    """(what, which) for each match list of a policy that is not "any", with labels."""
    found = []
    for name, choices in MATCHABLE.items():
        labels = dict(choices.choices)
        values = getattr(policy, name)
        if values:
            label = str(PolicyForm.base_fields[name].label)
            found.append((label, ", ".join(str(labels.get(value, value)) for value in values)))
    teams = [team.name for team in policy.teams.all()]
    if teams:
        found.append((str(PolicyForm.base_fields["teams"].label), ", ".join(teams)))
    return found


class CalendarImportForm(forms.Form):
    file = forms.FileField(
        label=_("Calendar file (JSON)"),
        help_text=_("Creates the calendar, or replaces the one with its name."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CALENDAR_FILE:
            raise ValidationError(_("This file is too large for a calendar."))
        try:
            return json.loads(upload.read().decode("utf-8"))
        except UnicodeDecodeError as error:
            raise ValidationError(_("This file is not UTF-8 text.")) from error
        except json.JSONDecodeError as error:
            raise ValidationError(
                _("This file is not valid JSON: %(error)s"), params={"error": str(error)}
            ) from error


class TeamCalendarForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=_teams())
    calendar = forms.ModelChoiceField(
        label=_("Calendar"), queryset=Calendar.objects.all(), required=False,
        empty_label=_("Round the clock"),
    )  # fmt: skip
