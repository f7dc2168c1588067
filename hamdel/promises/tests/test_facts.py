"""The promises app's line in a customer summary (hamdel.lib.registry.customer_facts)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hamdel.lib import registry
from hamdel.promises.models import Kind, Promise
from hamdel.test import Cast, make_customer

pytestmark = pytest.mark.django_db


def _promise(cast: Cast, due_in: timedelta) -> Promise:
    now = timezone.now()
    return Promise.objects.create(
        customer=cast.customer,
        kind=Kind.CALLBACK,
        owner_agent=cast.alice.user,
        due_at=now + due_in,
        realistic_due_at=now + due_in,
        remind_at=now,
        created_by=cast.alice.user,
        created_at=now,
    )


def _line(customer: object) -> registry.Fact:
    (fact,) = [f for f in registry.customer_facts(customer) if f.label == "Open promises"]
    return fact


def test_a_customer_without_promises_has_none_open(cast: Cast) -> None:
    assert _line(make_customer("Nobody")).value == "0"


def test_open_promises_are_counted_and_an_overdue_one_is_a_warning(cast: Cast) -> None:
    _promise(cast, timedelta(hours=3))
    assert _line(cast.customer).tone == "warn"
    assert _line(cast.customer).value.startswith("1, next due ")
    _promise(cast, timedelta(hours=-1))
    assert _line(cast.customer).tone == "bad"
    assert _line(cast.customer).value.startswith("2, next due ")
