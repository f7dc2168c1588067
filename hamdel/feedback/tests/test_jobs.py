"""The Huey jobs: the CSAT job after the delay, campaign batches chained, the minute sweep."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hamdel.feedback import actions, jobs
from hamdel.feedback.models import Campaign, CampaignState, Survey
from hamdel.test import make_conversation, make_customer
from hamdel.tickets.actions import change_status
from hamdel.tickets.models import Status

EVERYONE = actions.Segment(tiers=[], languages=[], last_contact_days=None)


@pytest.mark.usefixtures("jobs_run_at_once")
def test_with_the_default_delay_solving_sends_nothing_at_once(
    db: None, django_capture_on_commit_callbacks: object
) -> None:
    conversation = make_conversation()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        change_status(conversation, Status.SOLVED, None)
    assert not Survey.objects.exists()  # scheduled for five minutes later
    assert jobs.send_csat.call_local(conversation.pk) == "sent"
    assert jobs.send_csat.call_local(conversation.pk) == "already"


@pytest.mark.usefixtures("jobs_run_at_once")
def test_the_campaign_job_sends_every_batch(db: None) -> None:
    for n in range(3):
        make_conversation(make_customer(f"C{n}"))
    campaign = Campaign.objects.create(name="Jobs", scheduled_at=timezone.now())
    jobs.send_campaign_batch(campaign.pk)
    campaign.refresh_from_db()
    assert (campaign.state, campaign.sent) == (CampaignState.DONE, 3)


@pytest.mark.usefixtures("jobs_run_at_once")
def test_the_minute_sweep_starts_due_campaigns(db: None) -> None:
    make_conversation(make_customer("C"))
    due = Campaign.objects.create(name="Due", scheduled_at=timezone.now() - timedelta(minutes=1))
    later = Campaign.objects.create(name="Later", scheduled_at=timezone.now() + timedelta(hours=1))
    assert jobs.start_due_campaigns.call_local() == 1
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.state, later.state) == (CampaignState.DONE, CampaignState.SCHEDULED)
