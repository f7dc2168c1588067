from datetime import timedelta

from django.test import Client
from django.utils import timezone

from hamdel.complaints.models import Complaint, RootCause
from hamdel.complaints.tests.factories import backdate, make_cause, make_complaint
from hamdel.people.models import Tier
from hamdel.sla.models import SlaTimer
from hamdel.test import PASSWORD, Cast, make_customer


def _signed_in(username: str) -> Client:
    client = Client()
    client.login(username=username, password=PASSWORD)
    return client


def test_the_desk_page_lists_overdue_complaints_first_by_tier_and_age(cast: Cast) -> None:
    gold = make_customer("Golnar Gold", tier=Tier.GOLD)
    make_complaint(gold, subject="Fresh complaint")
    old = make_complaint(cast.customer, subject="Old complaint")
    late = make_complaint(cast.customer, subject="Overdue complaint")
    backdate(old, timezone.now() - timedelta(days=2))
    SlaTimer.objects.filter(conversation=late).update(due_at=timezone.now() - timedelta(minutes=5))
    page = _signed_in("sam").get("/complaints/").content.decode()
    order = [
        page.index(subject) for subject in ("Overdue complaint", "Old complaint", "Fresh complaint")
    ]
    assert order == sorted(order)
    tiers = page[page.index('id="complaint-tiers"') : page.index('id="complaint-list"')]
    assert "Gold" in tiers
    assert "Standard" in tiers


def test_only_supervisors_see_the_desk_page_and_its_nav_link(cast: Cast) -> None:
    assert _signed_in("alice").get("/complaints/").status_code == 403
    assert 'href="/complaints/"' in _signed_in("sam").get("/inbox/").content.decode()
    assert 'href="/complaints/"' not in _signed_in("alice").get("/inbox/").content.decode()


def test_supervisors_manage_the_root_causes_a_used_one_is_retired(cast: Cast) -> None:
    client = _signed_in("sam")
    client.post("/complaints/root-causes/", {"name": "Courier late", "is_active": "on"})
    cause = RootCause.objects.get(name="Courier late")
    conversation = make_complaint(cast.customer)
    Complaint.objects.filter(conversation=conversation).update(root_cause=cause)
    client.post(f"/complaints/root-causes/{cause.pk}/", {"remove": "1"})
    cause.refresh_from_db()
    assert not cause.is_active
    unused = make_cause("Never used")
    client.post(f"/complaints/root-causes/{unused.pk}/", {"remove": "1"})
    assert not RootCause.objects.filter(pk=unused.pk).exists()
    # A retired cause is no longer offered in the conversation's panel.
    panel = client.get(f"/conversations/{conversation.pk}/").content.decode()
    assert "Courier late" not in panel


def test_the_persian_desk_page_is_right_to_left_with_jalali_dates(cast: Cast) -> None:
    cast.sam.ui_language = "fa"
    cast.sam.save(update_fields=["ui_language"])
    make_complaint(cast.customer, subject="Fresh complaint")
    page = _signed_in("sam").get("/complaints/").content.decode()
    assert 'dir="rtl"' in page
    assert "۱۴۰" in page  # a Jalali year (1405 in Persian digits)
