"""The CSAT survey goes once a conversation is solved, by its channel, in the customer's
language, at most once per customer and period."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hamdel.audit.models import Event
from hamdel.feedback import actions
from hamdel.feedback.models import Kind, Survey, SurveySettings
from hamdel.feedback.tests.factories import solved_conversation
from hamdel.test import Cast, make_conversation, make_customer
from hamdel.tickets.actions import assign_conversation, change_status
from hamdel.tickets.models import Direction, Message, Status


@pytest.mark.usefixtures("jobs_run_at_once", "no_delay")
def test_solving_a_conversation_emails_the_customer_a_signed_survey_link(
    cast: Cast, django_capture_on_commit_callbacks: object
) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    assign_conversation(conversation, None, assignee=cast.alice.user)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        change_status(conversation, Status.SOLVED, cast.alice.user)
    survey = Survey.objects.get(conversation=conversation)
    assert (survey.kind, survey.channel, survey.agent, survey.team) == (
        Kind.CSAT,
        "email",
        cast.alice.user,
        cast.support,
    )
    invitation = survey.message
    assert invitation is not None
    assert invitation.direction == Direction.OUTBOUND
    assert "/feedback/" in invitation.body_text
    # Other apps may write too on solving (loyalty's thank-you): one mail is the survey.
    surveys = [sent for sent in mail.outbox if "/feedback/" in sent.body]
    assert len(surveys) == 1
    conversation.refresh_from_db()
    assert conversation.status == Status.SOLVED  # the automatic message leaves it solved
    assert Event.objects.filter(verb="feedback.invited", subject_id=survey.pk).exists()


def test_the_survey_is_written_in_the_customers_language(db: None) -> None:
    customer = make_customer("Shirin Ahmadi", language="fa")
    survey = actions.send_csat(solved_conversation(customer).pk).survey
    assert survey is not None
    assert survey.language == "fa"
    assert survey.message is not None
    body = survey.message.body_text
    assert "۱" in body or "از" in body  # Persian words, not the English sentence
    assert "How did we do" not in body


def test_sending_twice_sends_one_survey(db: None) -> None:
    conversation = solved_conversation()
    first = actions.send_csat(conversation.pk)
    second = actions.send_csat(conversation.pk)
    assert (first.why, second.why) == ("sent", "already")
    assert second.survey == first.survey
    assert Survey.objects.count() == 1
    assert Message.objects.filter(direction=Direction.OUTBOUND).count() == 1


def test_a_customer_is_asked_at_most_once_per_period(db: None) -> None:
    customer = make_customer()
    assert actions.send_csat(solved_conversation(customer).pk).why == "sent"
    assert actions.send_csat(solved_conversation(customer).pk).why == "recently_asked"
    later = timezone.now() + timedelta(days=SurveySettings.load().period_days, minutes=1)
    assert actions.send_csat(solved_conversation(customer).pk, now=later).why == "sent"
    assert Survey.objects.filter(customer=customer).count() == 2


def test_the_period_is_configurable(db: None) -> None:
    actions.update_settings(None, period_days=0)
    customer = make_customer()
    assert actions.send_csat(solved_conversation(customer).pk).why == "sent"
    assert actions.send_csat(solved_conversation(customer).pk).why == "sent"


def test_a_conversation_reopened_before_the_job_runs_gets_no_survey(db: None) -> None:
    conversation = solved_conversation()
    change_status(conversation, Status.OPEN, None)
    assert actions.send_csat(conversation.pk).why == "not_solved"
    assert not Survey.objects.exists()


def test_no_survey_when_switched_off(db: None) -> None:
    actions.update_settings(None, csat_enabled=False)
    assert actions.send_csat(solved_conversation().pk).why == "disabled"


def test_a_channel_that_cannot_send_gets_no_survey(db: None) -> None:
    conversation = solved_conversation(channel="phone")
    # phone falls back to SMS, which is declared by the messaging app; either way nothing
    # is sent on a channel without a transport
    sent = actions.send_csat(conversation.pk)
    if sent.survey is None:
        assert sent.why == "no_channel"
    else:
        assert sent.survey.channel == "sms"


def test_sms_and_chat_surveys_are_short(db: None) -> None:
    from hamdel.feedback import invitations

    text = invitations.text(Kind.CSAT, "sms", "https://x.test/feedback/t/", "Ali")
    assert text.endswith("https://x.test/feedback/t/")
    assert "\n" not in text
