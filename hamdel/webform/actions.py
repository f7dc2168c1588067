"""Every write of the web form app but a submission (inbound.py): administrators' changes."""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.webform import events
from hamdel.webform.models import LANGUAGE_CODES, WebForm

SETTINGS_FIELDS = [
    "slug",
    "team",
    "is_active",
    "texts",
    "allowed_origins",
    "min_seconds",
    "max_per_ip",
]


def save_form(form: WebForm, fields: dict[str, Any], actor: User | None) -> WebForm:
    """Create (form without pk) or change a form; `fields` are among SETTINGS_FIELDS."""
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Unknown field.")})
    texts = fields.get("texts", form.texts) or {}
    if not isinstance(texts, dict) or any(code not in LANGUAGE_CODES for code in texts):
        raise ValidationError({"texts": _("Texts are keyed by language: en, fa, tr, ru.")})
    if "slug" in fields and form.is_default and fields["slug"] != form.slug:
        raise ValidationError({"slug": _("The default form's address cannot change.")})
    if form.is_default and fields.get("is_active") is False:
        raise ValidationError({"is_active": _("The default form is always on.")})
    created = form.pk is None
    for name, value in fields.items():
        setattr(form, name, value)
    if WebForm.objects.filter(slug=form.slug).exclude(pk=form.pk).exists():
        raise ValidationError({"slug": _("Another form has this address.")})
    form.full_clean(exclude=["team"])
    with transaction.atomic():
        form.save()
        events.form_saved(form, created, actor)
    return form
