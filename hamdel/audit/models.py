"""The audit trail: one append-only Event table for every app.

Events are written only by the `<app>/events.py` functions, which are called only from
actions. Subjects are referred to by kind and id, not by foreign key, so the trail of a
record survives whatever happens to it and this app depends on no other.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The key of `Event.data` naming the customer who acted (their id), for events with no staff
# actor behind them or whose author is the customer: a customer's message, the conversation
# it opened. Timelines show the customer's current name; the trail keeps no copy of it.
CUSTOMER_ACTOR = "customer_actor"


# Events moved per UPDATE by `backdate`: one CASE branch each, well under SQLite's limits.
BACKDATE_BATCH = 500


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("Events are append-only")

    def backdate(self, moments: Mapping[int, datetime]) -> int:
        """Set `created_at` of the events with these ids; the one rewrite of the trail.

        Only for loaders that write a past history through the real actions and then move
        it to the moments it tells of (`hamdel demo`; importers later). Who, what and on
        what stay exactly as recorded; nothing else may call it.
        """
        moved = 0
        items = list(moments.items())
        for start in range(0, len(items), BACKDATE_BATCH):
            batch = items[start : start + BACKDATE_BATCH]
            when = models.Case(
                *(models.When(pk=pk, then=models.Value(moment)) for pk, moment in batch),
                output_field=models.DateTimeField(),
            )
            rows = self.filter(pk__in=[pk for pk, _moment in batch])
            moved += models.QuerySet.update(rows, created_at=when)  # past our own refusal
        return moved

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Events are append-only")


class Event(models.Model):
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verb = models.CharField(_("what"), max_length=64)
    subject_type = models.CharField(_("on what"), max_length=32)
    subject_id = models.BigIntegerField(_("subject id"))
    customer_id = models.BigIntegerField(_("customer"), null=True, blank=True)
    conversation_id = models.BigIntegerField(_("conversation"), null=True, blank=True)
    old = models.JSONField(_("old value"), null=True, blank=True)
    new = models.JSONField(_("new value"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["customer_id", "-id"], name="event_customer_idx"),
            models.Index(fields=["conversation_id", "-id"], name="event_conversation_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="event_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.subject_type}:{self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("Events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Events are append-only")
