from django import forms
from django.utils.translation import gettext_lazy as _

from hamdel.mail.actions import EDITABLE
from hamdel.mail.models import Mailbox


class MailboxForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs: ModelForm generic
    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Stored encrypted and never shown again; leave empty to keep the saved one. "
            "env:NAME reads it from the environment variable NAME."
        ),
    )

    class Meta:
        model = Mailbox
        fields = sorted(EDITABLE)
