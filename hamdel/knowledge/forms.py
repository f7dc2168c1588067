from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hamdel.knowledge.actions import MacroInput
from hamdel.knowledge.models import LANGUAGES, Macro, Visibility
from hamdel.promises.models import Kind
from hamdel.tickets.models import Status


class ArticleForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.CharField(
        label=_("Address"),
        max_length=120,
        required=False,
        help_text=_("The last part of the article's web address; made from the title if empty."),
    )
    visibility = forms.ChoiceField(
        label=_("Who sees it"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )
    body = forms.CharField(
        label=_("Text (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 18, "dir": "auto", "id": "article-body"}),
        max_length=200_000,
    )


class MacroForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    set_status = forms.ChoiceField(
        label=_("Set status"), choices=[("", _("Leave as it is")), *Status.choices], required=False
    )
    add_tags = forms.CharField(
        label=_("Add tags"), required=False, help_text=_("Separated by commas.")
    )
    promise_kind = forms.ChoiceField(
        label=_("Make a promise"), choices=[("", _("No promise")), *Kind.choices], required=False
    )
    promise_minutes = forms.IntegerField(
        label=_("Promise due in (minutes)"), min_value=0, max_value=60 * 24 * 60, initial=0
    )
    good_conduct = forms.BooleanField(label=_("A phrase of good conduct"), required=False)

    def __init__(self, *args: Any, macro: Macro | None = None, **kwargs: Any) -> None:
        if macro is not None and not args:
            kwargs.setdefault("initial", {})
            kwargs["initial"].update(
                name=macro.name,
                set_status=macro.set_status,
                add_tags=", ".join(macro.add_tags),
                promise_kind=macro.promise_kind,
                promise_minutes=macro.promise_minutes,
                good_conduct=macro.good_conduct,
            )
        super().__init__(*args, **kwargs)
        texts = {} if macro is None else dict(macro.texts.values_list("language", "body"))
        names = dict(settings.LANGUAGES)
        for language in LANGUAGES:
            self.fields[f"text_{language}"] = forms.CharField(
                label=names[language],
                required=False,
                initial=texts.get(language, ""),
                widget=forms.Textarea(attrs={"rows": 4, "dir": "auto", "lang": language}),
            )

    def macro_input(self) -> MacroInput:
        data = self.cleaned_data
        return MacroInput(
            name=data["name"],
            texts={language: data[f"text_{language}"] for language in LANGUAGES},
            set_status=data["set_status"],
            add_tags=tuple(tag for tag in data["add_tags"].split(",") if tag.strip()),
            promise_kind=data["promise_kind"],
            promise_minutes=data["promise_minutes"] or 0,
            good_conduct=data["good_conduct"],
        )
