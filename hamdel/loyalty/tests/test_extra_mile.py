"""Extra-mile gestures and the Loyalty panel's forms on the conversation page."""

from django.test import Client

from hamdel.audit.models import Event
from hamdel.loyalty import gestures, points
from hamdel.loyalty.models import Coupon
from hamdel.test import Cast, make_conversation


def test_gestures_are_on_the_timeline_and_counted_per_agent(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    gestures.log_extra_mile(conversation, cast.alice.user, "spare_part", "found one in Tabriz")
    gestures.log_extra_mile(conversation, cast.alice.user, "personal_call")
    gestures.log_extra_mile(conversation, cast.sam.user, "free_repair")
    event = Event.objects.filter(verb="loyalty.extra_mile").order_by("id").first()
    assert event is not None
    assert event.customer_id == cast.customer.pk
    assert event.data == {"kind": "spare_part", "note": "found one in Tabriz"}
    assert gestures.extra_miles_per_agent() == [("alice", 2), ("sam", 1)]


def test_the_panel_gives_coupons_and_points_within_limits(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    browser = Client()
    browser.force_login(cast.alice.user)
    page = browser.get(f"/conversations/{conversation.pk}/").content.decode()
    assert 'id="loyalty-panel"' in page
    assert "Your limit: 10% or 10 EUR." in page
    browser.post(
        f"/loyalty/conversations/{conversation.pk}/coupon", {"kind": "percent", "value": "50"}
    )
    assert not Coupon.objects.exists()
    done = browser.post(
        f"/loyalty/conversations/{conversation.pk}/coupon",
        {"kind": "percent", "value": "10"},
        follow=True,
    )
    coupon = Coupon.objects.get()
    assert coupon.code in done.content.decode()
    browser.post(f"/loyalty/conversations/{conversation.pk}/points", {"points": "150"})
    browser.post(f"/loyalty/conversations/{conversation.pk}/points", {"points": "500"})
    assert points.balance_of(cast.customer.pk) == 150
    browser.post(f"/loyalty/conversations/{conversation.pk}/extra-mile", {"kind": "personal_call"})
    home = browser.get("/loyalty/").content.decode()
    assert "alice" in home
    assert "Given in conversation" in home
