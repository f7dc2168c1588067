"""Events are append-only; `backdate` moves only when they happened, for history loaders."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hamdel.audit.models import Event
from hamdel.audit.record import record_event

pytestmark = pytest.mark.django_db


def test_backdate_moves_only_the_time_of_the_events_named() -> None:
    moved = record_event("customer.created", subject_type="customer", subject_id=7, new="a")
    kept = record_event("customer.created", subject_type="customer", subject_id=8, new="b")
    long_ago = timezone.now() - timedelta(days=40)

    assert Event.objects.backdate({moved.pk: long_ago}) == 1

    moved_row, kept_row = Event.objects.get(pk=moved.pk), Event.objects.get(pk=kept.pk)
    assert moved_row.created_at == long_ago
    assert (moved_row.verb, moved_row.subject_id, moved_row.new) == ("customer.created", 7, "a")
    assert kept_row.created_at == kept.created_at


def test_events_still_refuse_every_other_update_and_delete() -> None:
    event = record_event("customer.created", subject_type="customer", subject_id=7)
    with pytest.raises(TypeError, match="append-only"):
        Event.objects.filter(pk=event.pk).update(verb="customer.changed")
    with pytest.raises(TypeError, match="append-only"):
        Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(TypeError, match="append-only"):
        event.save()
