"""Plain forms: they validate input; people.actions does every write."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hamdel.lib.localise import timezone_names
from hamdel.people.models import Agent, Customer, IdentityKind, Organisation, Role, Team, Tier


def _timezones() -> list[tuple[str, str]]:
    return [(name, name) for name in timezone_names()]


def _words(text: str) -> list[str]:
    return [word for word in text.replace(",", " ").split() if word]


class CustomerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=[("", "—"), *settings.LANGUAGES], required=False
    )
    timezone = forms.CharField(label=_("Timezone"), max_length=64, required=False)
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    @classmethod
    def initial_of(cls, customer: Customer) -> dict[str, Any]:
        return {name: getattr(customer, name) for name in cls.base_fields}


class IdentityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IdentityKind.choices)
    value = forms.CharField(label=_("Value"), max_length=254)


class CustomerMergeForm(forms.Form):
    target = forms.IntegerField(label=_("Merge into customer number"), min_value=1)


class InviteForm(forms.Form):
    username = forms.SlugField(label=_("Username"), max_length=150)
    name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"), queryset=Team.objects.all(), required=False
    )


class AgentForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"), queryset=Team.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    languages = forms.CharField(
        label=_("Languages spoken"), required=False, help_text=_("Codes, e.g. fa en")
    )
    skills = forms.CharField(label=_("Skills"), required=False, help_text=_("Separate with spaces"))
    timezone = forms.ChoiceField(label=_("Timezone"), choices=_timezones)
    ui_language = forms.ChoiceField(label=_("Interface language"), choices=settings.LANGUAGES)

    @classmethod
    def initial_of(cls, agent: Agent) -> dict[str, Any]:
        return {
            "role": agent.role,
            "teams": list(agent.teams.all()),
            "languages": " ".join(agent.languages),
            "skills": " ".join(agent.skills),
            "timezone": agent.timezone,
            "ui_language": agent.ui_language,
        }

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["languages"] = _words(data["languages"])
        data["skills"] = _words(data["skills"])
        return data


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    timezone = forms.ChoiceField(label=_("Timezone"), choices=_timezones)
    brand_name = forms.CharField(label=_("Brand name"), max_length=200, required=False)
    brand_logo_url = forms.URLField(label=_("Brand logo"), required=False, assume_scheme="https")
    sender_address = forms.EmailField(label=_("Sender address"), required=False)

    @classmethod
    def initial_of(cls, team: Team) -> dict[str, Any]:
        return {name: getattr(team, name) for name in cls.base_fields}


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    default_language = forms.ChoiceField(label=_("Default language"), choices=settings.LANGUAGES)
    phone_region = forms.CharField(
        label=_("Phone region"), max_length=2,
        help_text=_("Two-letter country code used to read national phone numbers."),
    )  # fmt: skip
    timezone = forms.ChoiceField(label=_("Timezone"), choices=_timezones)
    redaction_enabled = forms.BooleanField(label=_("Redact card numbers and IBANs"), required=False)

    @classmethod
    def initial_of(cls, organisation: Organisation) -> dict[str, Any]:
        return {name: getattr(organisation, name) for name in cls.base_fields}
