"""Reads of the web form app."""

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404

from hamdel.webform.models import DEFAULT_SLUG, WebForm


def forms_for_settings() -> QuerySet[WebForm]:
    return WebForm.objects.select_related("team").order_by("-is_default", "slug")


def default_form() -> WebForm:
    """The organisation's form at /contact/: made by a data migration, and again here if
    someone removed it, so the address never dead-ends."""
    form = WebForm.objects.select_related("team").filter(is_default=True).first()
    if form is not None:
        return form
    try:
        with transaction.atomic():
            return WebForm.objects.create(slug=DEFAULT_SLUG, is_default=True)
    except IntegrityError:  # made by a concurrent request, or the slug is taken
        found = WebForm.objects.filter(is_default=True).first()
        if found is None:
            raise
        return found


def public_form(slug: str) -> WebForm:
    form = WebForm.objects.select_related("team").filter(slug=slug, is_active=True).first()
    if form is None:
        raise Http404
    return form


def form_for_settings(slug: str) -> WebForm:
    if slug == DEFAULT_SLUG:
        default_form()
    form = forms_for_settings().filter(slug=slug).first()
    if form is None:
        raise Http404
    return form
