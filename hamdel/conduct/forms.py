"""Forms of the conduct pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamdel.conduct.models import Category, ExtraTerm, Language, Policy, Severity, TemplateKind


class PolicyForm(forms.ModelForm[Policy]):
    class Meta:
        model = Policy
        fields = [
            "warn_first",
            "escalate_repeat",
            "repeat_count",
            "repeat_hours",
            "restrict_on_repeat",
            "threat_at_once",
            "restricted_team",
            "confusion_enabled",
            "confusion_conversations",
            "confusion_messages",
            "confusion_hours",
        ]


class TemplateForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=TemplateKind.choices)
    language = forms.ChoiceField(label=_("language"), choices=Language.choices)
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 4}))


class TermForm(forms.ModelForm[ExtraTerm]):
    class Meta:
        model = ExtraTerm
        fields = ["text", "language", "category", "severity", "targeted"]


class ProposeForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.TypedMultipleChoiceField(label=_("evidence"), coerce=int, choices=[])

    def __init__(self, *args: object, message_ids: list[int] | None = None, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["evidence"].choices = [(pk, str(pk)) for pk in message_ids or []]  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("note"), required=False, max_length=2000)


__all__ = [
    "Category",
    "DecisionForm",
    "PolicyForm",
    "ProposeForm",
    "Severity",
    "TemplateForm",
    "TermForm",
]
