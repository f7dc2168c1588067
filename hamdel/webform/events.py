"""Audit events of the web form app; called only from webform.actions."""

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event
from hamdel.webform.models import WebForm


def form_saved(form: WebForm, created: bool, actor: User | None) -> Event:
    return record_event(
        "webform.created" if created else "webform.saved",
        subject_type="webform",
        subject_id=form.pk,
        actor=actor,
        data={
            "slug": form.slug,
            "team": form.team_id,
            "active": form.is_active,
            "allowed_origins": form.allowed_origins,
        },
    )
