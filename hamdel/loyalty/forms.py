"""Forms of the loyalty pages and the conversation panel."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamdel.loyalty.gestures import KINDS
from hamdel.loyalty.models import CouponKind
from hamdel.people.models import Tier


class GiveCouponForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CouponKind.choices)
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=18, decimal_places=4)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)


class GoodwillForm(forms.Form):
    points = forms.IntegerField(label=_("Points"), min_value=1)
    note = forms.CharField(label=_("Why"), max_length=500, required=False)


class ExtraMileForm(forms.Form):
    kind = forms.ChoiceField(label=_("What was done"), choices=list(KINDS.items()))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


RULE_CHOICES = [
    ("all_customers", _("All customers")),
    ("tier", _("Customers of a tier")),
    ("answered_survey_this_month", _("Customers who answered a survey this month")),
]


class RaffleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    winners = forms.IntegerField(label=_("Winners"), min_value=1, max_value=1000, initial=1)
    rule = forms.ChoiceField(label=_("Who may enter"), choices=RULE_CHOICES)
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices, required=False)


class DrawForm(forms.Form):
    public_value = forms.CharField(label=_("Public value"), max_length=200, required=False)
