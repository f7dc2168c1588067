"""Thank-you messages: after a solved conversation (once per period), on the tenth order
and after the first year, in the customer's language, from editable templates."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from hamdel.loyalty import points, thanks
from hamdel.loyalty.models import Occasion, Source, ThankYou
from hamdel.people.models import Customer
from hamdel.test import Cast, make_conversation, make_customer
from hamdel.tickets.actions import change_status
from hamdel.tickets.models import Direction, Message, Status


def _thanks_in(conversation_id: int) -> list[str]:
    return list(
        Message.objects.filter(conversation_id=conversation_id, direction=Direction.OUTBOUND)
        .order_by("id")
        .values_list("body_text", flat=True)
    )


@pytest.fixture
def immediate_jobs() -> object:
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = False


def test_solving_a_conversation_thanks_the_customer_in_their_language_once_per_period(
    cast: Cast, immediate_jobs: object, django_capture_on_commit_callbacks: object
) -> None:
    customer = make_customer("Shirin", language="fa")
    first = make_conversation(customer, team=cast.support)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        change_status(first, Status.SOLVED, cast.alice.user)
    assert _thanks_in(first.pk) == [
        "Shirin عزیز، از صبر و همراهی شما سپاسگزاریم. خوشحالیم که توانستیم کمک کنیم."
    ]
    assert Customer.objects.get(pk=customer.pk)  # untouched
    assert first.__class__.objects.get(pk=first.pk).status == Status.SOLVED
    second = make_conversation(customer, team=cast.support)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        change_status(second, Status.SOLVED, cast.alice.user)
    assert _thanks_in(second.pk) == []  # thanked already in the last 30 days


def test_an_edited_template_is_used_and_thanks_can_be_turned_off(cast: Cast) -> None:
    thanks.save_template(Occasion.SOLVED, "en", "Merci, {name}!")
    conversation = make_conversation(cast.customer, team=cast.support)
    change_status(conversation, Status.SOLVED, cast.alice.user)
    thanks.thank_after_solved(conversation.pk)
    assert _thanks_in(conversation.pk) == ["Merci, Cyrus Farahani!"]
    later = timezone.now() + timedelta(days=31)
    from hamdel.loyalty.models import LoyaltySettings

    rules = LoyaltySettings.load()
    rules.thank_after_solved = False
    rules.save()
    assert thanks.thank_after_solved(conversation.pk, later) is None


def test_the_tenth_order_is_thanked_once(
    cast: Cast, django_capture_on_commit_callbacks: object
) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        for order in range(11):
            points.earn_points(
                cast.customer,
                Source.PURCHASE,
                amount=Decimal(20),
                currency="EUR",
                reference=f"o{order}",
            )
    assert _thanks_in(conversation.pk) == [
        "Dear Cyrus Farahani, this was your tenth order with us. Thank you for coming back!"
    ]
    assert thanks.thank_for_tenth_order(cast.customer.pk) is None


def test_customers_of_a_year_are_thanked_once(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    Customer.objects.filter(pk=cast.customer.pk).update(
        created_at=timezone.now() - timedelta(days=366)
    )
    make_customer("New here")
    assert thanks.thank_first_years() == 1
    assert thanks.thank_first_years() == 0
    assert ThankYou.objects.get().occasion == Occasion.FIRST_YEAR
    assert "for a year" in _thanks_in(conversation.pk)[0]


def test_the_templates_page_edits_all_four_languages(cast: Cast, client: object) -> None:
    from django.test import Client

    browser = Client()
    browser.force_login(cast.ada.user)
    page = browser.get("/loyalty/thanks/")
    assert "tenth_order-ru" in page.content.decode()
    browser.post("/loyalty/thanks/", {"first_year-tr": "Bir yıl oldu, {name}!"})
    assert thanks.template_text(Occasion.FIRST_YEAR, "tr") == "Bir yıl oldu, {name}!"
