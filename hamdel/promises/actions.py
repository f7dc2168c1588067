"""Every write to promises: make, keep, cancel, break when overdue, remind.

Other apps keep promises where they see them done (the phone app when a callback's call
is logged, compensation when a refund is paid) with `keep_open_promises`.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.people.models import Agent, Customer, Role, Team
from hamdel.promises import events, feasibility, queries
from hamdel.promises.declarations import OVERDUE, REMINDER
from hamdel.promises.models import Kind, Promise, State
from hamdel.promises.signals import promise_changed
from hamdel.sla.calendars import NoWorkingTime, business_minutes_between
from hamdel.tickets import signals as ticket_signals
from hamdel.tickets.models import Conversation, Direction, Message

Actor = User | None
# How much later than a realistic time the agent was shown a fresh check may find, and still
# take the shown one as realistic (the check moves with the clock).
SHOWN_REALISTIC_GRACE = timedelta(minutes=10)


@dataclass(frozen=True)
class PromiseDraft:
    """What the agent is about to promise: the fields of the API and the reply box."""

    kind: str
    due_at: datetime
    owner_agent: User | None = None
    owner_team: Team | None = None
    words: str = ""
    language: str = ""


def _team_of(draft: PromiseDraft, conversation: Conversation | None) -> int | None:
    if draft.owner_team is not None:
        return draft.owner_team.pk
    if conversation is not None and conversation.team_id is not None:
        return conversation.team_id
    return queries.first_team_id(draft.owner_agent.pk if draft.owner_agent else None)


def _validate(draft: PromiseDraft) -> None:
    errors: dict[str, str] = {}
    if draft.kind not in Kind.values:
        errors["kind"] = _("Unknown kind of promise “%(kind)s”.") % {"kind": draft.kind}
    if timezone.is_naive(draft.due_at):
        errors["due_at"] = _("Give the due time with its timezone.")
    if draft.owner_agent is None and draft.owner_team is None:
        errors["owner_agent_id"] = _("A promise needs an owner: an agent or a team.")
    if (
        draft.owner_agent is not None
        and not Agent.objects.filter(user=draft.owner_agent, user__is_active=True).exists()
    ):
        errors["owner_agent_id"] = _("The owner must be an active agent.")
    if errors:
        raise ValidationError(errors)


def check_feasibility(
    draft: PromiseDraft, conversation: Conversation | None, now: datetime
) -> feasibility.Feasibility:
    _validate(draft)
    return feasibility.check(
        kind=draft.kind,
        due_at=draft.due_at,
        owner_id=draft.owner_agent.pk if draft.owner_agent else None,
        team_id=_team_of(draft, conversation),
        now=now,
    )


def make_promise(
    draft: PromiseDraft,
    *,
    customer: Customer,
    conversation: Conversation | None,
    actor: Actor,
    unlikely_reason: str = "",
    told_in_reply: bool = False,
    remind_minutes_before: int | None = None,
    now: datetime | None = None,
    checked: bool = True,
    shown_realistic: datetime | None = None,
) -> Promise:
    """Save a promise after its feasibility check; an unlikely time needs a reason.

    `checked=False` is for promises the system records on the customer's behalf (a taken
    message's callback), whose time nobody chose: no reason is asked for.
    `shown_realistic`: the realistic time the agent was shown and chose; the check runs
    again now, a little later, and may find a minute more, which the choice still meets.
    """
    now = now or timezone.now()
    result = check_feasibility(draft, conversation, now)
    if (
        shown_realistic is not None
        and draft.due_at == shown_realistic
        and shown_realistic >= result.realistic_due_at - SHOWN_REALISTIC_GRACE
    ):
        result.likely = True
    if checked and not result.likely and not unlikely_reason.strip():
        raise ValidationError(
            {
                "unlikely_reason": _(
                    "This due time is unlikely to be met (realistic: %(realistic)s). "
                    "Choose the realistic time or give a reason to keep yours."
                )
                % {"realistic": result.realistic_due_at.isoformat()}
            },
            code="unlikely",
        )
    team_id = _team_of(draft, conversation)
    before = (
        remind_minutes_before
        if remind_minutes_before is not None
        else queries.reminder_minutes(team_id)
    )
    language = (
        draft.language or (conversation.language if conversation else "") or (customer.language)
    )
    with transaction.atomic():
        promise = Promise.objects.create(
            customer=customer,
            conversation=conversation,
            kind=draft.kind,
            due_at=draft.due_at,
            owner_agent=draft.owner_agent,
            team_id=team_id,
            words=draft.words.strip(),
            language=language,
            realistic_due_at=result.realistic_due_at,
            unlikely_reason="" if result.likely else unlikely_reason.strip(),
            told_in_reply=told_in_reply,
            created_by=actor,
            created_at=now,
            remind_at=max(draft.due_at - timedelta(minutes=before), now),
        )
        events.promise_made(promise, actor, result.as_dict())
        promise_changed.send(sender=Promise, promise=promise, change="made", actor=actor)
    return promise


def _close(promise_id: int) -> Promise:
    """The promise, locked for the rest of the transaction."""
    return (
        Promise.objects.select_for_update(of=("self",))
        .select_related("conversation")
        .get(pk=promise_id)
    )


def _kept_minutes(promise: Promise, at: datetime) -> int:
    calendar = queries.calendar_of_team(promise.team_id)
    try:
        return max(int(business_minutes_between(calendar, promise.created_at, at)), 0)
    except NoWorkingTime:
        return max(int((at - promise.created_at).total_seconds() // 60), 0)


def keep_promise(
    promise: Promise, actor: Actor, *, at: datetime | None = None, automatic: str = ""
) -> Promise:
    """Kept (late, if it was already counted broken); a cancelled or kept one stays so."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = _close(promise.pk)
        if locked.state not in (State.OPEN, State.BROKEN):
            raise ValidationError(
                {"state": _("Only an open or broken promise can be kept.")}, code="closed"
            )
        locked.state = State.KEPT
        locked.kept_at = at
        locked.kept_business_minutes = _kept_minutes(locked, at)
        locked.save(update_fields=["state", "kept_at", "kept_business_minutes"])
        events.promise_kept(locked, actor, automatic)
        promise_changed.send(sender=Promise, promise=locked, change="kept", actor=actor)
    return locked


def assign_promise(promise_id: int, owner: User | None, actor: Actor) -> Promise:
    """Give an open promise its owner (routing offers a team's callback to an agent), or
    hand it back to its team with `owner=None`."""
    with transaction.atomic():
        locked = _close(promise_id)
        if locked.state != State.OPEN:
            raise ValidationError({"state": _("Only an open promise can be assigned.")})
        if owner is None and locked.team_id is None:
            raise ValidationError({"owner": _("A promise without a team needs an owner.")})
        old = locked.owner_agent_id
        if old == (owner.pk if owner else None):
            return locked
        locked.owner_agent = owner
        locked.save(update_fields=["owner_agent"])
        events.promise_assigned(locked, actor, old)
        promise_changed.send(sender=Promise, promise=locked, change="assigned", actor=actor)
    return locked


def cancel_promise(promise: Promise, actor: Actor, reason: str) -> Promise:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the promise is cancelled.")})
    with transaction.atomic():
        locked = _close(promise.pk)
        if locked.state != State.OPEN:
            raise ValidationError(
                {"state": _("Only an open promise can be cancelled.")}, code="closed"
            )
        locked.state = State.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.reason = reason.strip()
        locked.save(update_fields=["state", "cancelled_at", "reason"])
        events.promise_cancelled(locked, actor)
        promise_changed.send(sender=Promise, promise=locked, change="cancelled", actor=actor)
    return locked


def keep_open_promises(
    conversation: Conversation, kind: str, at: datetime, *, by: str, actor: Actor = None
) -> list[Promise]:
    """Keep the conversation's open (or broken) promises of a kind: what another app calls
    when it sees the promised thing done (a reply sent, a call logged, a refund paid)."""
    kept = []
    pending = Promise.objects.filter(
        conversation=conversation,
        kind=kind,
        state__in=[State.OPEN, State.BROKEN],
        created_at__lt=at,
    )
    for promise in pending.order_by("due_at"):
        kept.append(keep_promise(promise, actor, at=at, automatic=by))
    return kept


def record_reply(message: Message) -> list[Promise]:
    """An agent's reply tells the promises written into it, and keeps earlier reply promises.

    Call inside the transaction that stored the message (tickets' message_added)."""
    if message.direction != Direction.OUTBOUND or message.author_agent_id is None:
        return []  # system messages (an invitation, a reminder) answer nothing
    conversation = message.conversation
    untold = Promise.objects.filter(
        conversation=conversation, told_in_reply=True, told_message__isnull=True
    )
    told_now = set(untold.values_list("pk", flat=True))
    untold.update(told_message=message)
    at = message.created_at or timezone.now()
    kept = []
    pending = Promise.objects.filter(
        conversation=conversation,
        kind=Kind.REPLY,
        state__in=[State.OPEN, State.BROKEN],
        created_at__lt=at,
    ).exclude(pk__in=told_now)
    for promise in pending.order_by("due_at"):
        kept.append(keep_promise(promise, message.author_agent, at=at, automatic="reply"))
    return kept


def _notify(promise: Promise, recipients: list[User], kind: str) -> None:
    if promise.conversation is None or not recipients:
        return
    # live hears this (promises and live are siblings) and sends the notification.
    ticket_signals.notification_requested.send(
        sender=Promise,
        recipients=recipients,
        kind=kind,
        conversation=promise.conversation,
        actor=None,
    )


def _owners(promise: Promise) -> list[User]:
    if promise.owner_agent is not None:
        return [promise.owner_agent]
    return list(User.objects.filter(agent__teams=promise.team_id, is_active=True))


def remind_owner(promise_id: int, now: datetime) -> bool:
    """Remind the owner once, before the promise is due; safe to run twice."""
    with transaction.atomic():
        promise = Promise.objects.select_for_update().filter(pk=promise_id).first()
        if promise is None or promise.state != State.OPEN or promise.reminded_at is not None:
            return False
        promise.reminded_at = now
        promise.save(update_fields=["reminded_at"])
        owners = _owners(promise)
        events.promise_reminded(promise, [user.pk for user in owners])
        _notify(promise, owners, REMINDER)
    return True


def break_overdue(promise_id: int, now: datetime) -> bool:
    """An open promise past due is broken, once, and the supervisors are told."""
    with transaction.atomic():
        promise = Promise.objects.select_for_update().filter(pk=promise_id).first()
        if promise is None or promise.state != State.OPEN or promise.due_at >= now:
            return False
        promise.state = State.BROKEN
        promise.broken_at = now
        promise.save(update_fields=["state", "broken_at"])
        events.promise_broken(promise)
        promise_changed.send(sender=Promise, promise=promise, change="broken", actor=None)
        supervisors = list(
            User.objects.filter(
                agent__role__in=[Role.SUPERVISOR, Role.ADMIN],
                agent__teams=promise.team_id,
                is_active=True,
            ).distinct()
        )
        events.promise_escalated(promise, [user.pk for user in supervisors])
        _notify(promise, [*supervisors, *_owners(promise)], OVERDUE)
    return True


@dataclass(frozen=True)
class Sweep:
    reminded: list[int]
    broken: list[int]


SWEEP_BATCH = 500  # promises per kind of work per sweep; the next minute takes the rest


def sweep_promises(now: datetime) -> Sweep:
    reminded = [pk for pk in queries.promises_to_remind(now, SWEEP_BATCH) if remind_owner(pk, now)]
    broken = [pk for pk in queries.promises_past_due(now, SWEEP_BATCH) if break_overdue(pk, now)]
    return Sweep(reminded, broken)
