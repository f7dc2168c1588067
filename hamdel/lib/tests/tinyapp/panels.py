"""The tiny app's pieces of workspace pages, its customer facts and its status guard."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import format_html

from hamdel.lib.registry import Fact
from hamdel.lib.tests.tinyapp.models import Wave


def conversation_side(request: HttpRequest, conversation: Any) -> str:
    return str(
        format_html('<section class="panel" data-tiny-side="{}">waves</section>', conversation.pk)
    )


def customer_side(request: HttpRequest, customer: Any) -> str:
    count = Wave.objects.filter(customer=customer).count()
    return "" if not count else str(format_html('<p data-tiny-waves="{}"></p>', count))


def facts(customer: Any) -> list[Fact]:
    count = Wave.objects.filter(customer=customer).count()
    return [Fact("Waves", str(count), tone="good" if count else "")]


def refuse_solving_a_waving_subject(**kwargs: Any) -> None:
    if kwargs["new"] == "solved" and "wave" in kwargs["conversation"].subject:
        raise ValidationError({"status": "Waves are never solved."})
