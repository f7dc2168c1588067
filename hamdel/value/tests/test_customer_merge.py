"""A merged-away customer's orders count for the survivor, and go back when undone."""

import pytest

from hamdel.people.actions import merge_customers, unmerge_customers
from hamdel.test import Cast, make_customer
from hamdel.value.models import Transaction
from hamdel.value.tests.factories import buy

pytestmark = pytest.mark.django_db


def test_merging_moves_the_orders_and_undoing_moves_them_back(cast: Cast) -> None:
    duplicate = make_customer("Cyrus F.")
    buy(duplicate, "D-1")
    buy(cast.customer, "C-1")
    merge = merge_customers(duplicate, cast.customer, cast.sam.user)
    assert set(Transaction.objects.values_list("customer_id", flat=True)) == {cast.customer.pk}
    unmerge_customers(merge, cast.sam.user)
    assert Transaction.objects.get(order_id="D-1").customer_id == duplicate.pk
    assert Transaction.objects.get(order_id="C-1").customer_id == cast.customer.pk
