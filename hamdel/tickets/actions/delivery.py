"""The one path out: an outbound message's delivery, attempt by attempt.

A reply is stored QUEUED; when its transaction commits, the job `deliver_message`
(tickets/jobs.py) calls `attempt_delivery`, which

1. claims an attempt under the message's row lock and records it (SENDING, attempts + 1)
   in its own committed transaction, before anything is sent;
2. hands the message to the transport registered for its channel, outside any
   transaction (a slow provider must not hold the lock);
3. records the outcome: SENT (or DELIVERED) with the provider's message id, or FAILED
   with the provider's reason and, unless the failure is permanent, the time of the
   next attempt (exponential back-off).

A job that runs twice finds the message done, or an attempt under way, and sends
nothing. A worker killed between steps 1 and 3 leaves the message SENDING; once the
attempt is older than `ATTEMPT_LEASE` (longer than any transport waits) the sweep takes
it up again. A channel without a transport fails at once with a reason the agent reads.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.lib.registry import load, transport_path
from hamdel.tickets import events, signals
from hamdel.tickets.actions.common import Actor
from hamdel.tickets.models import DELIVERY_DONE, Delivery, Direction, Message

logger = logging.getLogger(__name__)

# An attempt still SENDING after this long was cut off (its worker stopped): SMTP and
# HTTP transports give up well within it.
ATTEMPT_LEASE = timedelta(minutes=2)
# Attempts before a message stays FAILED for an agent to retry: about 11 hours in all.
MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(seconds=30)  # then ×4 each time: 30 s, 2 min, 8 min, 32 min, 2 h 8 min
RETRY_FACTOR = 4
SWEEP_BATCH = 200  # messages one sweep takes up; the next sweep a minute later takes more


class DeliveryError(Exception):
    """A transport could not send; `reason` is shown to the agent as it is."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent  # retrying cannot help (no address, refused recipient)


@dataclass(frozen=True)
class Receipt:
    provider_id: str = ""  # the provider's id for the sent message, kept as external_id
    delivered: bool = False  # the provider confirmed delivery, not only acceptance


Transport = Callable[[Message], Receipt]


def queue_delivery(message: Message) -> None:
    """Send the job for a QUEUED message once its transaction commits."""

    def schedule() -> None:
        from hamdel.tickets import jobs  # Huey is configured by settings; import when needed

        jobs.deliver_message(message.pk)

    transaction.on_commit(schedule)


def retry_delivery(message: Message, actor: Actor) -> Message:
    """An agent's retry of a FAILED message: queued again, attempts counted on."""
    if message.direction != Direction.OUTBOUND or message.delivery != Delivery.FAILED:
        return message
    with transaction.atomic():
        updated = Message.objects.filter(pk=message.pk, delivery=Delivery.FAILED).update(
            delivery=Delivery.QUEUED, delivery_retry_at=None
        )
        if updated:
            message.delivery, message.delivery_retry_at = Delivery.QUEUED, None
            events.delivery_retried(message, actor)
            queue_delivery(message)
    return message


def attempt_delivery(message_id: int, now: datetime | None = None) -> str:
    """One delivery attempt, if one is due; returns what happened, for logs and tests."""
    now = now or timezone.now()
    message, path = _claim(message_id, now)
    if message is None:
        return path  # why nothing was attempted
    try:
        transport: Transport = load(path)
        receipt = transport(message)
    except DeliveryError as error:
        return _failed(message, now, error.reason, permanent=error.permanent)
    except Exception as error:  # a transport's own bug must not lose the message
        logger.exception("transport %s failed on message %s", path, message.pk)
        return _failed(message, now, f"{type(error).__name__}: {error}", permanent=False)
    return _sent(message, receipt)


def _claim(message_id: int, now: datetime) -> tuple[Message | None, str]:
    """Record the attempt before sending (its own transaction), or say why there is none."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("conversation", "conversation__team")
            .filter(pk=message_id, direction=Direction.OUTBOUND)
            .first()
        )
        if message is None:
            return None, "missing"
        if message.delivery in DELIVERY_DONE:
            return None, "done"
        if (
            message.delivery == Delivery.SENDING
            and message.delivery_attempt_at is not None
            and message.delivery_attempt_at > now - ATTEMPT_LEASE
        ):
            return None, "in progress"
        if message.delivery == Delivery.FAILED and (
            message.delivery_retry_at is None or message.delivery_retry_at > now
        ):
            return None, "not due"
        path = transport_path(message.channel)
        if path is None:
            reason = _("Not delivered: this channel cannot send yet.")
            _record_failure(message, now, reason, permanent=True, count_attempt=False)
            return None, "no transport"
        message.delivery = Delivery.SENDING
        message.delivery_attempts += 1
        message.delivery_attempt_at = now
        message.save(update_fields=["delivery", "delivery_attempts", "delivery_attempt_at"])
    return message, path


def _sent(message: Message, receipt: Receipt) -> str:
    delivery = Delivery.DELIVERED if receipt.delivered else Delivery.SENT
    with transaction.atomic():
        updated = Message.objects.filter(
            pk=message.pk, delivery=Delivery.SENDING, delivery_attempts=message.delivery_attempts
        ).update(
            delivery=delivery,
            delivered_at=timezone.now(),
            delivery_error="",
            delivery_retry_at=None,
            external_id=receipt.provider_id or message.external_id,
        )
        if updated:
            message.delivery = delivery
            message.external_id = receipt.provider_id or message.external_id
            events.delivery_succeeded(message)
            signals.delivery_changed.send(sender=Message, message=message)
    return str(delivery)


def _failed(message: Message, now: datetime, reason: str, *, permanent: bool) -> str:
    with transaction.atomic():
        current = Message.objects.select_for_update().get(pk=message.pk)
        if current.delivery != Delivery.SENDING or (
            current.delivery_attempts != message.delivery_attempts
        ):
            return "superseded"  # another attempt took over after this one's lease ran out
        _record_failure(current, now, reason, permanent=permanent, count_attempt=True)
    return "failed"


def _record_failure(
    message: Message, now: datetime, reason: str, *, permanent: bool, count_attempt: bool
) -> None:
    """FAILED with the reason, and when to try again; call inside the row lock."""
    attempts = message.delivery_attempts
    retry_at = None
    if not permanent and attempts < MAX_ATTEMPTS:
        retry_at = now + FIRST_RETRY * RETRY_FACTOR ** max(attempts - 1, 0)
    message.delivery = Delivery.FAILED
    message.delivery_error = reason[:2000]
    message.delivery_retry_at = retry_at
    message.save(update_fields=["delivery", "delivery_error", "delivery_retry_at"])
    events.delivery_failed(message, reason, attempts if count_attempt else 0, retry_at)
    signals.delivery_changed.send(sender=Message, message=message)
    if retry_at is not None:
        message_id = message.pk

        def schedule() -> None:
            from hamdel.tickets import jobs

            jobs.deliver_message.schedule((message_id,), eta=retry_at)

        transaction.on_commit(schedule)


def record_delivery_report(message: Message, *, delivered: bool, reason: str = "") -> bool:
    """A provider's later word on a message it accepted (a delivery receipt, a status
    callback): DELIVERED, or FAILED with its reason and no automatic retry (the provider
    took the message once; an agent decides whether to send it again). A report about a
    message not yet sent, or one already delivered, changes nothing. Returns whether it
    changed the message."""
    wanted = Delivery.DELIVERED if delivered else Delivery.FAILED
    with transaction.atomic():
        current = Message.objects.select_for_update().filter(pk=message.pk).first()
        if current is None or current.direction != Direction.OUTBOUND:
            return False
        if current.delivery not in {Delivery.SENT, Delivery.SENDING} or current.delivery == wanted:
            return False
        if delivered:
            current.delivery, current.delivered_at = Delivery.DELIVERED, timezone.now()
            current.save(update_fields=["delivery", "delivered_at"])
            events.delivery_succeeded(current)
            signals.delivery_changed.send(sender=Message, message=current)
        else:
            failure = reason or _("The provider could not deliver it.")
            _record_failure(current, timezone.now(), failure, permanent=True, count_attempt=True)
    message.delivery = current.delivery
    return True


def due_deliveries(now: datetime) -> list[int]:
    """Messages whose delivery should be attempted now: a retry that is due, an attempt
    whose worker stopped, or a queued message whose job was lost."""
    due = (
        Q(delivery=Delivery.FAILED, delivery_retry_at__lte=now)
        | Q(delivery=Delivery.SENDING, delivery_attempt_at__lte=now - ATTEMPT_LEASE)
        | Q(delivery=Delivery.QUEUED, created_at__lte=now - timedelta(minutes=1))
    )
    return list(
        Message.objects.filter(due, direction=Direction.OUTBOUND)
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
