"""Forms of the value pages: a CSV upload, the tier cut-offs, a tier set by hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Tier
from hamdel.value.models import TierBasis

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # a CSV of about a million orders


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: order_id, date (2026-03-21), amount, currency, and customer_id, email "
            "or phone; name is optional."
        ),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None


class PolicyForm(forms.Form):
    basis = forms.ChoiceField(label=_("Cut-offs by"), choices=TierBasis.choices)
    vip = forms.DecimalField(label=_("VIP"), required=False, min_value=0, decimal_places=2)
    platinum = forms.DecimalField(
        label=_("Platinum"), required=False, min_value=0, decimal_places=2
    )
    gold = forms.DecimalField(label=_("Gold"), required=False, min_value=0, decimal_places=2)
    silver = forms.DecimalField(label=_("Silver"), required=False, min_value=0, decimal_places=2)
    horizon_weeks = forms.IntegerField(
        label=_("Lifetime value over (weeks)"), min_value=1, max_value=520
    )


class ManualTierForm(forms.Form):
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    note = forms.CharField(label=_("Why"), required=False, max_length=200)
