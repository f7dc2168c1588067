"""The request form of the conversation page and the limits form of administrators."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamdel.compensation.models import Kind, Reason
from hamdel.compensation.money import CURRENCIES

CURRENCY_CHOICES = [(code, code) for code in CURRENCIES]


class RequestForm(forms.Form):
    """Prefixed `compensation` so its ids never clash with the conversation page's own."""

    prefix = "compensation"

    kind = forms.ChoiceField(label=_("What"), choices=Kind.choices)
    # A text field: the amount stays a Decimal string, with the customer's digits allowed.
    amount = forms.CharField(label=_("Amount"), max_length=32)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    reason = forms.ChoiceField(label=_("Reason"), choices=Reason.choices)
    reference = forms.CharField(label=_("Order or transaction"), required=False, max_length=100)
