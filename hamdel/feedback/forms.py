"""The customer's answer, an NPS campaign, the survey settings."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hamdel.feedback.actions import COMMENT_LIMIT, LANGUAGES, Segment
from hamdel.feedback.models import SurveySettings
from hamdel.people.models import LANGUAGE_CHOICES, Tier


class AnswerForm(forms.Form):
    score = forms.IntegerField(label=_("score"))
    comment = forms.CharField(
        label=_("Anything you would like to tell us? (optional)"),
        required=False,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )

    def __init__(self, *args: Any, survey: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        low, high = survey.scale
        self.fields["score"] = forms.IntegerField(label=_("score"), min_value=low, max_value=high)
        if survey.score is not None:
            self.initial = {"score": survey.score, "comment": survey.comment}


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    tiers = forms.MultipleChoiceField(
        label=_("tiers"),
        choices=Tier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every tier."),
    )
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=[(code, name) for code, name in LANGUAGE_CHOICES if code in LANGUAGES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every language."),
    )
    last_contact_days = forms.IntegerField(
        label=_("in contact within the last days"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("Empty: whenever they last wrote."),
    )
    scheduled_at = forms.DateTimeField(
        label=_("starts"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Empty: now."),
    )

    def segment(self) -> Segment:
        data = self.cleaned_data
        return Segment(
            tiers=list(data["tiers"]),
            languages=list(data["languages"]),
            last_contact_days=data["last_contact_days"],
        )


class SettingsForm(forms.ModelForm[SurveySettings]):
    class Meta:
        model = SurveySettings
        fields = [
            "csat_enabled",
            "period_days",
            "delay_minutes",
            "low_csat",
            "low_nps",
            "follow_up_hours",
            "link_days",
        ]
