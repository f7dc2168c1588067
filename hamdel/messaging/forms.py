"""The administrators' forms: a new account, a template."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamdel.messaging.actions import FIELDS
from hamdel.messaging.models import Kind
from hamdel.people.models import Team

CREDENTIALS = sorted(
    {name for shown, hidden, _needed in FIELDS.values() for name in (*shown, *hidden)}
)


class AccountForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.order_by("name"), required=False
    )
    api_base = forms.URLField(
        label=_("API base URL"),
        required=False,
        assume_scheme="https",
        help_text=_("Leave empty for the provider's own; e.g. https://tapi.bale.ai for Bale."),
    )
    reopen_hours = forms.IntegerField(
        label=_("Reopen a solved conversation within hours"),
        initial=72,
        min_value=0,
        max_value=24 * 90,
    )
    account_sid = forms.CharField(label=_("Account SID (SMS)"), required=False)
    from_number = forms.CharField(label=_("Sending number (SMS)"), required=False)
    auth_token = forms.CharField(
        label=_("Auth token (SMS)"), required=False, widget=forms.PasswordInput
    )
    bot_token = forms.CharField(
        label=_("Bot token (Telegram, Bale)"), required=False, widget=forms.PasswordInput
    )
    username = forms.CharField(label=_("Bot username (Telegram, Bale)"), required=False)
    phone_number_id = forms.CharField(label=_("Phone number ID (WhatsApp)"), required=False)
    access_token = forms.CharField(
        label=_("Access token (WhatsApp)"), required=False, widget=forms.PasswordInput
    )
    app_secret = forms.CharField(
        label=_("App secret (WhatsApp)"), required=False, widget=forms.PasswordInput
    )
    outbound_url = forms.URLField(
        label=_("Outbound URL (webhook)"), required=False, assume_scheme="https"
    )

    def credentials(self) -> dict[str, str]:
        """The values the chosen kind takes (the other kinds' fields are ignored)."""
        shown, hidden, _needed = FIELDS[self.cleaned_data["kind"]]
        return {name: self.cleaned_data.get(name) or "" for name in (*shown, *hidden)}


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Template name"), max_length=100)
    language = forms.CharField(label=_("Language code"), max_length=16, initial="en")
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea,
        help_text=_("As approved; {{1}}, {{2}} are filled in."),
    )
    approved = forms.BooleanField(label=_("Approved by the provider"), required=False, initial=True)
