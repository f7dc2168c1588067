"""POST /api/v1/transactions is idempotent on the order id; a customer's value over the API."""

import pytest

from hamdel.people.models import Customer
from hamdel.test import ApiClient, Cast
from hamdel.value import actions
from hamdel.value.models import Transaction
from hamdel.value.tests.factories import day, seed_customers

pytestmark = pytest.mark.django_db


def _order(customer: dict[str, object], amount: str = "49.50") -> dict[str, object]:
    return {
        "order_id": "SHOP-1042",
        "date": str(day(3)),
        "amount": amount,
        "currency": "EUR",
        "customer": customer,
    }


def test_the_same_order_twice_is_stored_once(cast: Cast) -> None:
    api = ApiClient(cast.sam.user)
    first = api.post("/transactions", _order({"id": cast.customer.pk}))
    assert first.status_code == 201, first.content
    again = api.post("/transactions", _order({"id": cast.customer.pk}))
    assert again.status_code == 200
    assert again.json() == first.json()
    assert first.json()["amount"] == "49.50"
    assert first.json()["date"] == str(day(3))
    assert first.json()["customer_id"] == cast.customer.pk
    assert Transaction.objects.count() == 1


def test_the_same_order_id_with_another_amount_is_a_conflict(cast: Cast) -> None:
    api = ApiClient(cast.sam.user)
    api.post("/transactions", _order({"id": cast.customer.pk}))
    conflict = api.post("/transactions", _order({"id": cast.customer.pk}, "50.00"))
    assert conflict.status_code == 409
    assert "already recorded" in conflict.json()["detail"]


def test_a_customer_is_found_or_made_by_email(cast: Cast) -> None:
    api = ApiClient(cast.sam.user)
    made = api.post("/transactions", _order({"email": "Shirin@Example.com", "name": "Shirin"}))
    assert made.status_code == 201
    customer = Customer.objects.get(pk=made.json()["customer_id"])
    assert customer.name == "Shirin"


def test_an_agent_cannot_record_orders(cast: Cast) -> None:
    response = ApiClient(cast.alice.user).post("/transactions", _order({"id": cast.customer.pk}))
    assert response.status_code == 403


def test_a_customers_value_over_the_api(cast: Cast) -> None:
    customers = seed_customers(60)
    actions.fit_values()
    shown = ApiClient(cast.alice.user).get(f"/customers/{customers[0].pk}/value").json()
    assert shown["customer_id"] == customers[0].pk
    assert 0 <= shown["probability_alive"] <= 1
    assert shown["currency"] == "EUR"
    assert shown["horizon_weeks"] == 52
    assert shown["tier_reason"]
    fits = ApiClient(cast.sam.user).get("/value/fits").json()
    assert fits["last"]["state"] == "ok"
    assert fits["last"]["customers"] == 60
