"""Plain factories of the complaints tests."""

from datetime import datetime
from typing import Any

from django.db.models import Max

from hamdel.complaints import actions
from hamdel.complaints.models import Complaint, RootCause
from hamdel.people.models import Customer
from hamdel.test import make_conversation
from hamdel.tickets.models import Category, Channel, Conversation


def make_complaint(
    customer: Customer, *, body: str = "You charged me twice!", **overrides: Any
) -> Conversation:
    overrides.setdefault("subject", "Charged twice")
    return make_conversation(customer, body=body, category=Category.COMPLAINT, **overrides)


def make_cause(name: str = "Billing error") -> RootCause:
    return actions.save_root_cause(None, name=name)


def backdate(conversation: Conversation, opened_at: datetime) -> Complaint:
    """Test data only: a complaint as if it had come in at `opened_at`."""
    Complaint.objects.filter(conversation=conversation).update(opened_at=opened_at)
    return Complaint.objects.get(conversation=conversation)


def bulk_complaints(
    specs: list[tuple[datetime, RootCause | None, str]], *, language: str = "fa"
) -> list[Complaint]:
    """Test data at speed: one new customer, conversation and complaint per (opened_at,
    root cause, words), written in bulk (no text pipeline, no routing: the data set of
    past weeks, not the path under test)."""
    customers = Customer.objects.bulk_create(
        Customer(name=f"Customer {n}", language=language) for n in range(len(specs))
    )
    # Far above the numbers the counter hands out to the conversations tests open.
    start = max(Conversation.objects.aggregate(top=Max("number"))["top"] or 0, 100_000) + 1
    conversations = Conversation.objects.bulk_create(
        Conversation(
            number=start + n,
            subject=words,
            customer=customer,
            channel=Channel.EMAIL,
            category=Category.COMPLAINT,
            language=language,
        )
        for n, (customer, (_at, _cause, words)) in enumerate(zip(customers, specs, strict=True))
    )
    return Complaint.objects.bulk_create(
        Complaint(
            conversation=conversation,
            customer=customer,
            opened_at=at,
            language=language,
            tokens=actions.grouping_tokens(words, language),
            root_cause=cause,
            resolution="Explained" if cause else "",
        )
        for conversation, customer, (at, cause, words) in zip(
            conversations, customers, specs, strict=True
        )
    )
