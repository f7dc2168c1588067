"""The tiny app's one write. (A real app keeps its events in events.py.)"""

from django.contrib.auth.models import User
from django.db import transaction

from hamdel.audit.record import record_event
from hamdel.lib.tests.tinyapp.models import Wave
from hamdel.people.models import Customer
from hamdel.text.actions import write_entries
from hamdel.text.models import SearchEntry
from hamdel.text.normalise import index_text


def send_wave(customer: Customer, text: str, actor: User | None) -> Wave:
    """Store a wave, put it on the customer's timeline and in the search index."""
    with transaction.atomic():
        wave = Wave.objects.create(customer=customer, text=text)
        record_event(
            "wave.sent",
            subject_type="wave",
            subject_id=wave.pk,
            customer_id=customer.pk,
            actor=actor,
        )
        entry = SearchEntry(
            kind="wave",
            object_id=wave.pk,
            conversation_id=None,
            created_at=wave.created_at,
            tokens=index_text(text),
        )
        write_entries([entry])
    return wave
