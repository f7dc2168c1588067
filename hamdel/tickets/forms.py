from django import forms
from django.utils.translation import gettext_lazy as _

from hamdel.tickets.models import Category, Priority, Status


class PropertiesForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)


class AssignForm(forms.Form):
    assignee = forms.CharField(label=_("Assignee"), required=False)
    team = forms.CharField(label=_("Team"), required=False)


class TagsForm(forms.Form):
    tags = forms.CharField(label=_("Tags"), required=False, max_length=1000)

    def names(self) -> list[str]:
        return str(self.cleaned_data["tags"]).replace(",", " ").replace("،", " ").split()


class MergeForm(forms.Form):
    target = forms.CharField(label=_("Merge into conversation number"), max_length=20)
