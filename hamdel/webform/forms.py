"""The public contact form, and the administrators' settings form of a web form."""

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.people.identities import normalise_email, normalise_phone
from hamdel.people.models import Organisation, Team
from hamdel.webform.models import LANGUAGE_CODES, ContactKind, WebForm

HONEYPOT = "website"  # a field people never see; bots fill it in
ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:\d{1,5})?$|^https?://\[[0-9a-f:]+\](:\d{1,5})?$")


class ContactForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=200)
    contact = forms.CharField(
        label=gettext_lazy("Your email or phone number"),
        max_length=254,
        help_text=gettext_lazy("We answer you there; nothing else is needed."),
    )
    message = forms.CharField(
        label=gettext_lazy("Your message"), max_length=20_000, widget=forms.Textarea
    )
    attachment = forms.FileField(label=gettext_lazy("A file (optional)"), required=False)
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_contact(self) -> tuple[str, str]:
        """(kind, normalised value): an address with "@" is an email, else a phone number,
        read in the organisation's phone region."""
        raw: str = self.cleaned_data["contact"].strip()
        try:
            if "@" in raw:
                return ContactKind.EMAIL, normalise_email(raw)
            if not re.search(r"\d", raw):
                raise ValidationError(_("Give an email address or a phone number."))
            return ContactKind.PHONE, normalise_phone(raw, Organisation.load().phone_region)
        except ValidationError as error:
            raise ValidationError(error.messages) from error

    def clean_attachment(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("attachment")
        limit = settings.MAX_ATTACHMENT_MB
        if upload is not None and (upload.size or 0) > limit * 1024 * 1024:
            raise ValidationError(
                _("The file is %(size).1f MB; files may be at most %(limit)d MB.")
                % {"size": (upload.size or 0) / 1024 / 1024, "limit": limit}
            )
        return upload


class SettingsForm(forms.Form):
    """Everything an administrator sets on a form; titles and intros per language."""

    slug = forms.SlugField(label=gettext_lazy("Address (/contact/…/)"), max_length=50)
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team"),
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("No team"),
    )
    is_active = forms.BooleanField(label=gettext_lazy("Active"), required=False)
    allowed_origins = forms.CharField(
        label=gettext_lazy("Sites that may embed the form"),
        help_text=gettext_lazy("One origin a line, such as https://www.example.com"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    min_seconds = forms.IntegerField(
        label=gettext_lazy("Minimum seconds before sending"), min_value=0, max_value=600
    )
    max_per_ip = forms.IntegerField(
        label=gettext_lazy("Submissions per address per 15 minutes"),
        min_value=1,
        max_value=100_000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                max_length=200,
                required=False,
            )
            self.fields[f"intro_{code}"] = forms.CharField(
                label=_("Intro (%(language)s)") % {"language": name},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean_allowed_origins(self) -> list[str]:
        return parse_origins(self.cleaned_data["allowed_origins"].splitlines())

    @staticmethod
    def initial_of(form: WebForm) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "slug": form.slug,
            "team": form.team_id,
            "is_active": form.is_active,
            "allowed_origins": "\n".join(form.allowed_origins),
            "min_seconds": form.min_seconds,
            "max_per_ip": form.max_per_ip,
        }
        for code in LANGUAGE_CODES:
            initial[f"title_{code}"] = form.text(code, "title")
            initial[f"intro_{code}"] = form.text(code, "intro")
        return initial

    def texts(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            code: {"title": data[f"title_{code}"].strip(), "intro": data[f"intro_{code}"].strip()}
            for code in LANGUAGE_CODES
            if data[f"title_{code}"].strip() or data[f"intro_{code}"].strip()
        }


def parse_origins(lines: list[str]) -> list[str]:
    """Origins as browsers send them (scheme://host[:port], lower case), or a clear error."""
    origins: list[str] = []
    for line in lines:
        origin = line.strip().rstrip("/").lower()
        if not origin:
            continue
        if not ORIGIN.match(origin):
            raise ValidationError(
                _("“%(origin)s” is not an origin such as https://www.example.com.")
                % {"origin": line.strip()}
            )
        if origin not in origins:
            origins.append(origin)
    return origins
