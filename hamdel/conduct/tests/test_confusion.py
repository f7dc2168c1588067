"""Confusion before anger: the same topic again and again in a short time."""

from datetime import timedelta

from django.utils import timezone

from hamdel.audit.models import Event
from hamdel.conduct import actions
from hamdel.conduct.models import Flag, Policy
from hamdel.conduct.tests.factories import customer_writes
from hamdel.test import Cast
from hamdel.tickets.models import Message


def test_three_conversations_about_one_topic_flag_the_customer_as_confused(cast: Cast) -> None:
    customer_writes(cast.customer, "How do I reset the router password?", new=True)
    customer_writes(cast.customer, "The router password reset does not work", new=True)
    third = customer_writes(cast.customer, "Router password again: how to reset it?", new=True)
    flag = Flag.objects.get(conversation=third.conversation)
    assert flag.confused
    assert flag.confusion["conversations"] == 3
    assert "router" in flag.confusion["words"]
    assert Event.objects.filter(verb="conduct.confused").count() == 1


def test_different_topics_are_not_confusion(cast: Cast) -> None:
    customer_writes(cast.customer, "How do I reset the router password?", new=True)
    customer_writes(cast.customer, "Please change my delivery address", new=True)
    customer_writes(cast.customer, "Can I pay the invoice by card?", new=True)
    assert not Flag.objects.filter(confused=True).exists()


def test_old_messages_are_outside_the_window(cast: Cast) -> None:
    first = customer_writes(cast.customer, "How do I reset the router password?", new=True)
    second = customer_writes(cast.customer, "Router password reset fails", new=True)
    Message.objects.filter(pk__in=[first.pk, second.pk]).update(
        created_at=timezone.now() - timedelta(hours=49)
    )
    customer_writes(cast.customer, "Router password, how to reset?", new=True)
    assert not Flag.objects.filter(confused=True).exists()


def test_the_thresholds_are_configurable(cast: Cast) -> None:
    actions.save_policy(cast.ada.user, confusion_conversations=2)
    assert Policy.load().confusion_conversations == 2
    customer_writes(cast.customer, "How do I reset the router password?", new=True)
    second = customer_writes(cast.customer, "Router password reset fails", new=True)
    assert Flag.objects.get(conversation=second.conversation).confused
