import pytest

from hamdel.people.actions import merge_customers, unmerge_customers
from hamdel.promises.tests.factories import make_promise
from hamdel.test import Cast, make_conversation, make_customer

pytestmark = pytest.mark.django_db


def test_a_customer_merge_moves_their_promises_and_undoing_it_moves_them_back(cast: Cast) -> None:
    duplicate = make_customer("Cyrus F.")
    conversation = make_conversation(duplicate, team=cast.support)
    promise = make_promise(conversation, cast.alice.user)

    merge = merge_customers(duplicate, cast.customer, None)
    promise.refresh_from_db()
    assert promise.customer_id == cast.customer.pk
    assert merge.data["moved"]["promises.promise.customer"] == [promise.pk]

    unmerge_customers(merge, None)
    promise.refresh_from_db()
    assert promise.customer_id == duplicate.pk
