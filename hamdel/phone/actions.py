"""Every write of the phone app: integrations, call events, callbacks, taken messages.

Call events are kept once each and the call folded again from all of them (models.py);
the side effects of a call (its audit event, its callback, the screen pop and the
wallboard) follow what the fold changed, so a duplicate changes nothing and an event
that arrives late corrects the record instead of adding a second one.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.people.actions import find_or_create_customer
from hamdel.people.models import Agent, Role, Team
from hamdel.phone import events, push, queries, secrets
from hamdel.phone.declarations import MESSAGE_MOVED, MESSAGE_TAKEN
from hamdel.phone.inbound import CtiEvent
from hamdel.phone.models import (
    Call,
    Callback,
    CallbackStatus,
    CallEvent,
    Direction,
    Integration,
    Kind,
    MessageStatus,
    Outcome,
    TakenMessage,
)
from hamdel.phone.numbers import e164
from hamdel.promises.actions import PromiseDraft, cancel_promise, keep_promise, make_promise
from hamdel.promises.models import DEFAULT_MINUTES, Promise, State
from hamdel.promises.models import Kind as PromiseKind
from hamdel.promises.queries import calendar_of_team, first_team_id
from hamdel.sla.calendars import NoWorkingTime, add_business_minutes
from hamdel.tickets import signals as ticket_signals
from hamdel.tickets.actions import open_conversation
from hamdel.tickets.models import Channel, Conversation

log = logging.getLogger(__name__)
Actor = User | None
RETRY_MINUTES = 60  # a no-answer retry without a time given: an hour later
# Hang-up causes of an unanswered inbound call that mean the caller did not give up.
NOT_PICKED_UP = {"busy", "noanswer", "congestion", "notfound", "failed", "forwarded"}
VOICEMAIL_USERS = {"voicemail", "mailbox"}


# --- integrations ---------------------------------------------------------------------


def integration_url(integration: Integration) -> str:
    return f"{settings.BASE_URL}/phone/hooks/{integration.token}/"


def create_integration(
    *, name: str, kind: str, team: Team | None, actor: Actor, auth_token: str = ""
) -> Integration:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the integration a name.")
    if kind not in Kind.values:
        errors["kind"] = _("Unknown kind of phone integration “%(kind)s”.") % {"kind": kind}
    if team is None:
        errors["team"] = _("Choose the team whose queue the calls go to.")
    if kind == Kind.TWILIO and not auth_token.strip():
        errors["auth_token"] = _("Twilio signs its callbacks with your auth token: enter it.")
    if errors or team is None:
        raise ValidationError(errors)
    with transaction.atomic():
        integration = Integration.objects.create(
            name=name.strip(),
            kind=kind,
            team=team,
            token=secrets.new_token(),
            sealed_auth_token=secrets.seal(auth_token.strip()),
        )
        events.integration_created(integration, actor)
    return integration


# --- call events ------------------------------------------------------------------------


def receive_events(integration: Integration, received: list[CtiEvent]) -> Call:
    """Keep each event once and fold the call again; returns the call."""
    if not received:
        raise ValueError("no call event")
    calls = [_receive(integration, event) for event in received]
    return calls[-1]


def _receive(integration: Integration, event: CtiEvent) -> Call:
    with transaction.atomic():
        call, _created = Call.objects.get_or_create(
            integration=integration,
            call_id=event.call_id,
            defaults={"team_id": integration.team_id, "started_at": event.at},
        )
        # The lock serialises the events of one call: check-then-insert below is safe.
        call = Call.objects.select_for_update().get(pk=call.pk)
        if CallEvent.objects.filter(
            integration=integration, call_id=event.call_id, event=event.event
        ).exists():
            return call  # a retry of an event already kept: nothing changes
        CallEvent.objects.create(
            integration=integration,
            call_id=event.call_id,
            event=event.event,
            at=event.at,
            data=event.data(),
        )
        before = (call.outcome, call.ended_at is not None, call.answered_at is not None)
        _fold(call)
        _follow(call, event, before)
    return call


ORDER = {name: index for index, name in enumerate(("newCall", "transfer", "answer", "voicemail"))}


def _fold(call: Call) -> None:
    """The call's fields from all its events, whatever order they came in."""
    kept = list(CallEvent.objects.filter(integration_id=call.integration_id, call_id=call.call_id))
    kept.sort(key=lambda each: (ORDER.get(each.event, 9), each.at))
    by_event = {each.event: each for each in kept}
    directions = [each.data["direction"] for each in kept if each.data["direction"]]
    call.direction = directions[0] if directions else Direction.INBOUND
    for each in kept:  # newCall first: its numbers win over those repeated later
        data = each.data
        call.from_number = call.from_number or data["from"]
        call.to_number = call.to_number or data["to"]
        if data["users"] and not call.users:
            call.users = data["users"]
        if data["recording"]:
            call.recording_url = data["recording"]
        if each.event == "transfer":
            call.transferred_to = data["target"] or data["to"]
    call.started_at = min(each.at for each in kept)
    answer = by_event.get("answer")
    hangup = by_event.get("hangup")
    voicemail = "voicemail" in by_event or (
        hangup is not None and hangup.data["cause"] == "voicemail"
    )
    answering = answer.data["users"][0] if answer and answer.data["users"] else ""
    if answering.lower() in VOICEMAIL_USERS:
        voicemail = True
    person_answered = answer is not None and not voicemail
    call.answered_at = max(answer.at, call.started_at) if person_answered and answer else None
    call.answered_user = answering if person_answered else ""
    call.answered_by = queries.user_for_pbx(answering) if person_answered else None
    call.ended_at = max(hangup.at, call.started_at) if hangup else None
    call.cause = hangup.data["cause"] if hangup else ""
    if call.answered_at is not None:
        call.wait_seconds = _seconds(call.answered_at - call.started_at)
        call.talk_seconds = _seconds(call.ended_at - call.answered_at) if call.ended_at else None
    else:
        call.wait_seconds = _seconds(call.ended_at - call.started_at) if call.ended_at else None
        call.talk_seconds = None
    call.outcome = _outcome(call, voicemail) if call.ended_at else Outcome.ONGOING
    if not call.phone:
        outside = call.from_number if call.direction == Direction.INBOUND else call.to_number
        call.phone = e164(outside)
        if call.phone:
            call.customer = find_or_create_customer(call.phone, None, phone=call.phone)
    call.save()


def _seconds(delta: timedelta) -> int:
    return max(int(delta.total_seconds()), 0)


def _outcome(call: Call, voicemail: bool) -> str:
    if call.direction == Direction.OUTBOUND:
        return Outcome.ANSWERED if call.answered_at else Outcome.NOT_REACHED
    if voicemail:
        return Outcome.VOICEMAIL
    if call.answered_at is not None:
        return Outcome.ANSWERED
    threshold = queries.settings_of(call.team_id).short_abandon_seconds
    if (call.wait_seconds or 0) < threshold:
        return Outcome.SHORT_ABANDON
    if call.cause.lower() in NOT_PICKED_UP:
        return Outcome.MISSED
    return Outcome.ABANDONED


UNANSWERED = {Outcome.MISSED, Outcome.ABANDONED, Outcome.SHORT_ABANDON, Outcome.VOICEMAIL}


def _follow(call: Call, event: CtiEvent, before: tuple[str, bool, bool]) -> None:
    """Side effects of what the fold changed."""
    old_outcome, was_over, was_answered = before
    groups = [push.team_group(call.team_id), *queries.user_groups(call.users)]
    if not call.is_over:
        if event.event in {"newCall", "answer", "transfer"} and call.direction == Direction.INBOUND:
            push.send_on_commit(groups, {"type": "phone.ringing", "call": call.pk})
        return
    if not was_over:
        call.recorded_at = timezone.now()
        call.save(update_fields=["recorded_at"])
        events.call_ended(call)
        _handle_callbacks(call)
    elif old_outcome != call.outcome:
        events.call_corrected(call, old_outcome)
        if call.outcome == Outcome.ANSWERED and call.callback_id is not None:
            _unjoin(call)
        elif call.outcome in UNANSWERED and call.callback_id is None:
            _handle_callbacks(call)
    push.send_on_commit(
        [*groups, push.SUPERVISORS], {"type": "phone.ended", "call": call.pk, "team": call.team_id}
    )


def _handle_callbacks(call: Call) -> None:
    if call.customer is None or not call.phone:
        return
    if call.direction == Direction.INBOUND and call.outcome in UNANSWERED:
        open_callback(call)
    elif call.direction == Direction.OUTBOUND and call.outcome == Outcome.ANSWERED:
        called_back(call.phone, call.ended_at or timezone.now(), call.answered_by)
    elif call.direction == Direction.OUTBOUND:
        open_one = Callback.objects.filter(phone=call.phone, status=CallbackStatus.OPEN).first()
        if open_one is not None:
            record_outcome(open_one, "no_answer", None, call.answered_by)


# --- callbacks --------------------------------------------------------------------------


def callback_due(team_id: int, at: datetime, minutes: int) -> datetime:
    """`minutes` business minutes after `at` on the team's calendar (after the next opening
    when the call came in closed hours)."""
    try:
        return add_business_minutes(calendar_of_team(team_id), at, minutes)
    except NoWorkingTime:
        return at + timedelta(minutes=minutes)


def open_callback(call: Call) -> Callback:
    """The open callback of the caller's number, joined; else a new one and its promise.

    Call with a call that has its customer (the caller's number was read)."""
    customer = call.customer
    if customer is None:
        raise ValueError("a callback needs the caller's customer")
    joined = _join(call)
    if joined is not None:
        return joined
    rules = queries.settings_of(call.team_id)
    at = call.ended_at or timezone.now()
    due = callback_due(call.team_id, at, rules.callback_minutes)
    try:
        with transaction.atomic():  # a savepoint: a concurrent miss of the number may win
            promise = make_promise(
                PromiseDraft(
                    kind=PromiseKind.CALLBACK,
                    due_at=due,
                    owner_team=call.team,
                    words=_("Call back %(phone)s (missed call)") % {"phone": call.phone},
                ),
                customer=customer,
                conversation=call.conversation,
                actor=None,
                checked=False,
                now=at,
            )
            callback = Callback.objects.create(
                customer=customer,
                phone=call.phone,
                team_id=call.team_id,
                promise=promise,
                missed_calls=1,
                max_attempts=rules.max_attempts,
                due_at=due,
                created_at=at,
            )
    except IntegrityError:
        joined = _join(call)
        if joined is None:
            raise
        return joined
    call.callback = callback
    call.save(update_fields=["callback"])
    events.callback_opened(callback, call)
    _tell_callback(callback, "opened")
    return callback


def _join(call: Call) -> Callback | None:
    callback = (
        Callback.objects.select_for_update()
        .filter(phone=call.phone, status=CallbackStatus.OPEN)
        .first()
    )
    if callback is None:
        return None
    callback.missed_calls += 1
    callback.save(update_fields=["missed_calls"])
    call.callback = callback
    call.save(update_fields=["callback"])
    events.callback_joined(callback, call)
    _tell_callback(callback, "joined")
    return callback


def _unjoin(call: Call) -> None:
    """A missed call that turned out answered (its answer event came late)."""
    callback = Callback.objects.select_for_update().filter(pk=call.callback_id or 0).first()
    if callback is None:
        return
    call.callback = None
    call.save(update_fields=["callback"])
    if callback.status != CallbackStatus.OPEN:
        return
    callback.missed_calls = max(callback.missed_calls - 1, 0)
    if callback.missed_calls == 0 and callback.attempts == 0:
        callback.status = CallbackStatus.CANCELLED
        callback.closed_at = timezone.now()
        _cancel(callback.promise, _("The missed call was answered after all."))
    callback.save(update_fields=["missed_calls", "status", "closed_at"])
    events.callback_closed(callback, None, "answered")
    _tell_callback(callback, "closed")


def _tell_callback(callback: Callback, change: str) -> None:
    event = {"type": "phone.callback", "callback": callback.pk, "change": change}
    push.send_on_commit([push.team_group(callback.team_id), push.SUPERVISORS], event)


def _cancel(promise: Promise, reason: str) -> None:
    # A promise already broken (overdue) stays broken: it was not kept in time.
    if Promise.objects.filter(pk=promise.pk, state=State.OPEN).exists():
        cancel_promise(promise, None, reason)


def _keep(promise: Promise, actor: Actor, at: datetime) -> None:
    if Promise.objects.filter(pk=promise.pk, state__in=[State.OPEN, State.BROKEN]).exists():
        keep_promise(promise, actor, at=at, automatic="call")


OUTCOMES = ("reached", "no_answer", "wrong_number")


def record_outcome(
    callback: Callback,
    outcome: str,
    retry_at: datetime | None,
    actor: Actor,
    now: datetime | None = None,
) -> Callback:
    """An agent's call back: reached, no answer (retry later, up to the tries), wrong number."""
    now = now or timezone.now()
    if outcome not in OUTCOMES:
        raise ValidationError(
            {"outcome": _("Unknown outcome “%(outcome)s”.") % {"outcome": outcome}}
        )
    if retry_at is not None and (timezone.is_naive(retry_at) or retry_at <= now):
        raise ValidationError(
            {"retry_at": _("Give a retry time in the future, with its timezone.")}
        )
    with transaction.atomic():
        locked = Callback.objects.select_for_update().select_related("promise").get(pk=callback.pk)
        if not locked.is_open:
            raise ValidationError({"status": _("This callback is already closed.")}, code="closed")
        locked.attempts += 1
        fields = ["attempts", "status", "closed_at", "promise", "due_at"]
        if outcome == "reached":
            locked.status, locked.closed_at = CallbackStatus.REACHED, now
            _keep(locked.promise, actor, now)
        elif outcome == "wrong_number":
            locked.status, locked.closed_at = CallbackStatus.WRONG_NUMBER, now
            _cancel(locked.promise, _("Wrong number."))
        elif locked.attempts >= locked.max_attempts:
            locked.status, locked.closed_at = CallbackStatus.UNREACHED, now
            _cancel(
                locked.promise,
                _("No answer after %(tries)s tries.") % {"tries": locked.attempts},
            )
        else:
            retry = retry_at or now + timedelta(minutes=RETRY_MINUTES)
            old = locked.promise
            _cancel(old, _("No answer; trying again at %(when)s.") % {"when": retry.isoformat()})
            locked.promise = make_promise(
                PromiseDraft(
                    kind=PromiseKind.CALLBACK,
                    due_at=retry,
                    owner_agent=old.owner_agent,
                    owner_team=Team.objects.get(pk=locked.team_id),
                    words=old.words,
                ),
                customer=locked.customer,
                conversation=old.conversation,
                actor=actor,
                checked=False,
                now=now,
            )
            locked.due_at = retry
            locked.escalated_at = None
            fields.append("escalated_at")
        locked.save(update_fields=fields)
        if locked.is_open:
            events.callback_attempted(locked, actor, outcome)
        else:
            events.callback_closed(locked, actor, outcome)
        _tell_callback(locked, "attempted" if locked.is_open else "closed")
    return locked


def called_back(phone: str, at: datetime, actor: Actor) -> None:
    """A completed outbound call to the number: its open callback and messages are done."""
    for callback in Callback.objects.filter(phone=phone, status=CallbackStatus.OPEN):
        record_outcome(callback, "reached", None, actor, now=at)
    for message in TakenMessage.objects.filter(phone=phone, status__in=OPEN_MESSAGES):
        finish_message(message, actor, at=at)


def escalate_callback(promise: Promise) -> Callback | None:
    """promises broke an overdue callback promise: mark it and tell the supervisors live."""
    callback = Callback.objects.filter(promise=promise, status=CallbackStatus.OPEN).first()
    if callback is None or callback.escalated_at is not None:
        return None
    callback.escalated_at = timezone.now()
    callback.save(update_fields=["escalated_at"])
    events.callback_escalated(callback, [user.pk for user in _supervisors(callback.team_id)])
    _tell_callback(callback, "escalated")
    return callback


def _supervisors(team_id: int) -> list[User]:
    return list(
        User.objects.filter(
            agent__role__in=[Role.SUPERVISOR, Role.ADMIN], agent__teams=team_id, is_active=True
        ).distinct()
    )


# --- calls and conversations ------------------------------------------------------------


def attach_call(call: Call, conversation: Conversation, actor: Actor) -> Call:
    if call.customer_id is None or conversation.customer_id != call.customer_id:
        raise ValidationError(
            {"conversation": _("A call can join only a conversation of the same customer.")}
        )
    with transaction.atomic():
        call.conversation = conversation
        call.save(update_fields=["conversation"])
        events.call_attached(call, actor)
    return call


def open_conversation_for_call(call: Call, actor: Actor) -> Conversation:
    if call.customer is None:
        raise ValidationError({"call": _("This call has no customer: the number was hidden.")})
    with transaction.atomic():
        conversation = open_conversation(
            customer=call.customer,
            channel=Channel.PHONE,
            subject=_("Phone call %(phone)s") % {"phone": call.phone},
            body_text=_("Phone call (%(direction)s, %(outcome)s) on %(when)s.")
            % {
                "direction": call.get_direction_display(),
                "outcome": call.get_outcome_display(),
                "when": timezone.localtime(call.started_at).strftime("%Y-%m-%d %H:%M"),
            },
            team=call.team,
            actor=actor,
        )
        attach_call(call, conversation, actor)
    return conversation


# --- taken messages ---------------------------------------------------------------------

OPEN_MESSAGES = [MessageStatus.OPEN, MessageStatus.TEAM]


def take_message(
    *,
    for_user: User,
    caller_name: str,
    phone: str,
    about: str,
    call_back_at: datetime | None,
    actor: User,
    now: datetime | None = None,
) -> TakenMessage:
    """A message for a colleague who is away: a promise they own, told in the app and by
    email; when it is not done in time it moves to the team (escalate_message)."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    number = e164(phone)
    if not number:
        errors["phone"] = _("“%(value)s” is not a phone number.") % {"value": phone}
    if not about.strip():
        errors["about"] = _("Say what the call is about.")
    if not Agent.objects.filter(user=for_user, user__is_active=True).exists():
        errors["for_user"] = _("The message must be for an active colleague.")
    if call_back_at is not None and (timezone.is_naive(call_back_at) or call_back_at <= now):
        errors["call_back_at"] = _("Give a call-back time in the future, with its timezone.")
    team_id = first_team_id(for_user.pk) or first_team_id(actor.pk)
    if team_id is None:
        errors["for_user"] = _("The colleague belongs to no team that could take over.")
    if errors or team_id is None:
        raise ValidationError(errors)
    team = Team.objects.get(pk=team_id)
    due = call_back_at or callback_due(team_id, now, DEFAULT_MINUTES[PromiseKind.CALLBACK])
    with transaction.atomic():
        customer = find_or_create_customer(caller_name.strip() or number, actor, phone=number)
        conversation = open_conversation(
            customer=customer,
            channel=Channel.PHONE,
            subject=_("Message for %(name)s") % {"name": _name(for_user)},
            body_text=about.strip(),
            team=team,
            actor=actor,
        )
        promise = make_promise(
            PromiseDraft(
                kind=PromiseKind.CALLBACK,
                due_at=due,
                owner_agent=for_user,
                owner_team=team,
                words=about.strip()[:500],
            ),
            customer=customer,
            conversation=conversation,
            actor=actor,
            checked=False,
            now=now,
        )
        message = TakenMessage.objects.create(
            customer=customer,
            caller_name=caller_name.strip() or number,
            phone=number,
            about=about.strip(),
            for_user=for_user,
            team=team,
            call_back_at=due,
            conversation=conversation,
            promise=promise,
            taken_by=actor,
            created_at=now,
        )
        events.message_taken(message, actor)
        _notify([for_user], MESSAGE_TAKEN, message, actor)
        _mail_on_commit(
            [for_user],
            _("A message for you: call %(caller)s back") % {"caller": message.caller_name},
            _message_text(message),
        )
    return message


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _message_text(message: TakenMessage) -> str:
    return _(
        "%(caller)s (%(phone)s) called for you.\n\n%(about)s\n\nPlease call back by %(when)s.\n"
        "%(link)s"
    ) % {
        "caller": message.caller_name,
        "phone": message.phone,
        "about": message.about,
        "when": timezone.localtime(message.call_back_at).strftime("%Y-%m-%d %H:%M %Z"),
        "link": f"{settings.BASE_URL}/conversations/{message.conversation_id}/",
    }


def _notify(recipients: list[User], kind: str, message: TakenMessage, actor: Actor) -> None:
    # live hears this (phone and live are siblings) and writes the in-app notification.
    ticket_signals.notification_requested.send(
        sender=TakenMessage,
        recipients=recipients,
        kind=kind,
        conversation=message.conversation,
        actor=actor,
    )


def _mail_on_commit(recipients: list[User], subject: str, body: str) -> None:
    addresses = [user.email for user in recipients if user.email]
    if not addresses:
        return

    def go() -> None:
        try:
            send_mail(subject, body, None, addresses)
        except Exception:  # the in-app notification stands; the mail server's fault is logged
            log.exception("phone: a message e-mail was not sent")

    transaction.on_commit(go)


def finish_message(message: TakenMessage, actor: Actor, at: datetime | None = None) -> TakenMessage:
    at = at or timezone.now()
    with transaction.atomic():
        locked = (
            TakenMessage.objects.select_for_update().select_related("promise").get(pk=message.pk)
        )
        if locked.status not in OPEN_MESSAGES:
            raise ValidationError({"status": _("This message is already done.")}, code="closed")
        locked.status, locked.done_at = MessageStatus.DONE, at
        locked.save(update_fields=["status", "done_at"])
        _keep(locked.promise, actor, at)
        events.message_done(locked, actor)
    return locked


def escalate_message(promise: Promise) -> TakenMessage | None:
    """The colleague did not call back in time: the team owns it now, supervisors are told."""
    message = (
        TakenMessage.objects.select_related("for_user", "customer", "conversation")
        .filter(promise=promise, status=MessageStatus.OPEN)
        .first()
    )
    if message is None:
        return None
    now = timezone.now()
    rules = queries.settings_of(message.team_id)
    message.promise = make_promise(
        PromiseDraft(
            kind=PromiseKind.CALLBACK,
            due_at=callback_due(message.team_id, now, rules.callback_minutes),
            owner_team=message.team,
            words=promise.words,
        ),
        customer=message.customer,
        conversation=message.conversation,
        actor=None,
        checked=False,
        now=now,
    )
    message.status, message.moved_at = MessageStatus.TEAM, now
    message.save(update_fields=["promise", "status", "moved_at"])
    supervisors = _supervisors(message.team_id)
    events.message_moved(message, [user.pk for user in supervisors])
    _notify(supervisors, MESSAGE_MOVED, message, None)
    _mail_on_commit(
        supervisors,
        _("A message for %(name)s was not called back in time") % {"name": _name(message.for_user)},
        _message_text(message),
    )
    push.send_on_commit(
        [push.team_group(message.team_id), push.SUPERVISORS],
        {"type": "phone.message", "message": message.pk, "change": "moved"},
    )
    return message
