"""NPS campaigns: a segment, sent in batches that show their progress, safe to run twice."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from hamdel.feedback import actions
from hamdel.feedback.models import Campaign, CampaignState, Kind, Survey
from hamdel.people.models import Customer, Tier
from hamdel.test import Cast, make_conversation, make_customer
from hamdel.tickets.models import Conversation

EVERYONE = actions.Segment(tiers=[], languages=[], last_contact_days=None)


def _customers(count: int, **fields: object) -> list[Customer]:
    made = []
    for n in range(count):
        customer = make_customer(f"Customer {n}", **fields)
        make_conversation(customer)
        made.append(customer)
    return made


def _campaign(segment: actions.Segment = EVERYONE, **fields: object) -> Campaign:
    return actions.create_campaign("Spring NPS", segment, fields.get("at"), None)  # type: ignore[arg-type]


def test_a_campaign_sends_in_batches_and_shows_its_progress(db: None) -> None:
    _customers(5)
    campaign = _campaign()
    assert actions.send_campaign_batch(campaign.pk, batch=2) is True
    campaign.refresh_from_db()
    assert (campaign.state, campaign.total, campaign.sent, campaign.percent) == (
        CampaignState.SENDING,
        5,
        2,
        40,
    )
    assert actions.send_campaign_batch(campaign.pk, batch=2) is True
    assert actions.send_campaign_batch(campaign.pk, batch=2) is False
    campaign.refresh_from_db()
    assert (campaign.state, campaign.sent, campaign.skipped, campaign.percent) == (
        CampaignState.DONE,
        5,
        0,
        100,
    )
    assert Survey.objects.filter(campaign=campaign, kind=Kind.NPS).count() == 5


def test_a_batch_run_twice_sends_nothing_twice(db: None) -> None:
    _customers(3)
    campaign = _campaign()
    actions.send_campaign_batch(campaign.pk)
    actions.send_campaign_batch(campaign.pk)
    campaign.refresh_from_db()
    assert (campaign.sent, campaign.state) == (3, CampaignState.DONE)
    assert Survey.objects.count() == 3


def test_the_segment_picks_tier_language_and_last_contact(db: None) -> None:
    gold_fa = _customers(2, tier=Tier.GOLD, language="fa")
    _customers(1, tier=Tier.GOLD, language="en")
    _customers(1, tier=Tier.STANDARD, language="fa")
    quiet = make_customer("Quiet", tier=Tier.GOLD, language="fa")
    old = make_conversation(quiet)
    Conversation.objects.filter(pk=old.pk).update(
        last_message_at=timezone.now() - timedelta(days=400)
    )
    segment = actions.Segment(tiers=[Tier.GOLD], languages=["fa"], last_contact_days=90)
    campaign = _campaign(segment)
    actions.send_campaign_batch(campaign.pk)
    surveyed = set(Survey.objects.filter(campaign=campaign).values_list("customer_id", flat=True))
    assert surveyed == {customer.pk for customer in gold_fa}
    assert Survey.objects.filter(campaign=campaign, language="fa").count() == 2


def test_customers_surveyed_recently_are_skipped(db: None) -> None:
    customers = _customers(2)
    first = _campaign()
    actions.send_campaign_batch(first.pk)
    _customers(1)
    second = _campaign()
    actions.send_campaign_batch(second.pk)
    second.refresh_from_db()
    assert (second.sent, second.skipped, second.total) == (1, 2, 3)
    assert not Survey.objects.filter(campaign=second, customer__in=customers).exists()


def test_a_scheduled_campaign_waits_for_its_time(db: None) -> None:
    _customers(1)
    campaign = _campaign(at=timezone.now() + timedelta(hours=1))
    assert actions.send_campaign_batch(campaign.pk) is False
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.SCHEDULED
    later = timezone.now() + timedelta(hours=2)
    assert actions.due_campaigns(later, timedelta(minutes=5)) == [campaign.pk]
    actions.send_campaign_batch(campaign.pk, now=later)
    campaign.refresh_from_db()
    assert (campaign.state, campaign.sent) == (CampaignState.DONE, 1)


def test_a_cancelled_campaign_stops(db: None) -> None:
    _customers(3)
    campaign = _campaign()
    actions.send_campaign_batch(campaign.pk, batch=1)
    actions.cancel_campaign(campaign, None)
    assert actions.send_campaign_batch(campaign.pk, batch=1) is False
    assert Survey.objects.filter(campaign=campaign).count() == 1
    with pytest.raises(ValidationError):
        actions.cancel_campaign(campaign, None)


def test_a_bad_segment_is_refused(db: None) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.create_campaign(
            "x",
            actions.Segment(tiers=["diamond"], languages=["de"], last_contact_days=0),
            None,
            None,
        )
    assert set(refused.value.message_dict) == {"tiers", "languages", "last_contact_days"}


@pytest.mark.usefixtures("jobs_run_at_once")
def test_the_campaign_page_shows_progress_and_polls_while_sending(
    cast: Cast, django_capture_on_commit_callbacks: object
) -> None:
    client = Client()
    client.force_login(cast.sam.user)
    _customers(2)
    with django_capture_on_commit_callbacks(execute=False):  # type: ignore[operator]
        answer = client.post(
            "/feedback/campaigns/", {"name": "Autumn", "scheduled_at": "", "last_contact_days": ""}
        )
    campaign = Campaign.objects.get(name="Autumn")
    assert answer.status_code == 302
    page = client.get(f"/feedback/campaigns/{campaign.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page  # not started yet: the bar polls
    actions.send_campaign_batch(campaign.pk)
    fragment = client.get(f"/feedback/campaigns/{campaign.pk}/progress").content.decode()
    assert "hx-trigger" not in fragment  # done: it stops polling
    assert 'value="100"' in fragment
