"""Every write to appointments, and the free slots they are booked in.

No double booking, even under concurrent requests: on SQLite every transaction is
IMMEDIATE (settings), so the overlap check and the insert run under the write lock and a
second booking waits, then sees the first; on PostgreSQL the exclusion constraints
`appointment_no_overlap` (agents, migration 0002) and `appointment_no_overlap_resource`
(bookable resources, migration 0003) refuse the second insert, which is answered like a
failed overlap check. An appointment is with an agent or with a resource.
"""

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamdel.people.models import Agent, Customer, IdentityKind, Organisation, Team
from hamdel.promises import events, queries
from hamdel.promises.declarations import APPOINTMENT_REMINDER
from hamdel.promises.invitations import invitation_ics
from hamdel.promises.models import Appointment, AppointmentState, Resource
from hamdel.promises.wording import SUPPORTED, moment_for_customer
from hamdel.sla.calendars import BusinessCalendar, working_intervals
from hamdel.tickets import actions as ticket_actions
from hamdel.tickets import signals as ticket_signals
from hamdel.tickets.models import Channel, Conversation, Direction

Actor = User | None
SLOT_STEP = timedelta(minutes=15)  # slots start on the quarter hour
NEXT_SLOTS = 3  # free slots offered when the asked one is taken
MAX_SLOTS = 500  # slots listed at most per request
REMIND_BEFORE = timedelta(hours=24)
MAX_MINUTES = 8 * 60


@dataclass(frozen=True)
class Slot:
    agent_id: int | None
    start: datetime
    end: datetime
    resource_id: int | None = None


@dataclass(frozen=True)
class Bookee:
    """Whose time is booked: an agent (`field` "agent_id") or a resource ("resource_id")."""

    field: str
    pk: int

    @staticmethod
    def of(appointment: Appointment) -> "Bookee":
        if appointment.resource_id is not None:
            return Bookee("resource_id", appointment.resource_id)
        return Bookee("agent_id", appointment.agent_id or 0)  # one of the two, by constraint

    def calendar(self) -> BusinessCalendar:
        if self.field == "resource_id":
            team_id = Resource.objects.filter(pk=self.pk).values_list("team_id", flat=True)
            return queries.calendar_of_team(team_id.first())
        return queries.calendar_of_agent(self.pk)

    def slot(self, start: datetime, end: datetime) -> Slot:
        if self.field == "resource_id":
            return Slot(None, start, end, self.pk)
        return Slot(self.pk, start, end)


class SlotTaken(Exception):
    """The asked slot overlaps another appointment of the agent (or the database said so)."""

    def __init__(self, next_slots: list[Slot]) -> None:
        super().__init__("slot taken")
        self.next_slots = next_slots


def _merged(intervals: Iterable[tuple[datetime, datetime]]) -> Iterator[tuple[datetime, datetime]]:
    """Working intervals with those that touch joined (a round-the-clock calendar hands out
    one per day, and an appointment may run across midnight)."""
    pending: tuple[datetime, datetime] | None = None
    for start, end in intervals:
        if pending is not None and start <= pending[1]:
            pending = (pending[0], max(pending[1], end))
            continue
        if pending is not None:
            yield pending
        pending = (start, end)
    if pending is not None:
        yield pending


def _quarter(moment: datetime) -> datetime:
    epoch = datetime(2000, 1, 1, tzinfo=moment.tzinfo)
    steps = -(-(moment - epoch) // SLOT_STEP)  # ceiling division of timedeltas
    return epoch + steps * SLOT_STEP


def free_slots(
    agent_ids: list[int], since: datetime, until: datetime, minutes: int, limit: int = MAX_SLOTS
) -> list[Slot]:
    """Free slots of `minutes` inside each agent's working hours, soonest first."""
    return _free([Bookee("agent_id", pk) for pk in agent_ids], since, until, minutes, limit)


def free_resource_slots(
    resource_ids: list[int], since: datetime, until: datetime, minutes: int, limit: int = MAX_SLOTS
) -> list[Slot]:
    """Free slots of `minutes` inside each resource's team's working hours, soonest first."""
    return _free([Bookee("resource_id", pk) for pk in resource_ids], since, until, minutes, limit)


def _free(
    bookees: list[Bookee], since: datetime, until: datetime, minutes: int, limit: int
) -> list[Slot]:
    length = timedelta(minutes=minutes)
    since = max(since, timezone.now())
    booked: dict[Bookee, list[tuple[datetime, datetime]]] = {bookee: [] for bookee in bookees}
    for field in {bookee.field for bookee in bookees}:
        ids = [bookee.pk for bookee in bookees if bookee.field == field]
        rows = Appointment.objects.filter(
            **{f"{field}__in": ids},
            state=AppointmentState.BOOKED,
            start__lt=until,
            end__gt=since,
        ).values_list(field, "start", "end")
        for pk, start, end in rows:
            booked[Bookee(field, pk)].append((start, end))
    slots: list[Slot] = []
    for bookee in bookees:
        # Each one's soonest `limit` slots hold the soonest `limit` of the whole team.
        found = 0
        calendar = bookee.calendar()
        for interval_start, interval_end in _merged(working_intervals(calendar, since, until)):
            start = _quarter(max(interval_start, since))
            while start + length <= min(interval_end, until) and found < limit:
                end = start + length
                if not any(b_start < end and start < b_end for b_start, b_end in booked[bookee]):
                    slots.append(bookee.slot(start, end))
                    found += 1
                start += SLOT_STEP
            if found >= limit:
                break
    slots.sort(key=lambda slot: (slot.start, slot.agent_id or 0, slot.resource_id or 0))
    return slots[:limit]


def next_free_slots(bookee: Bookee, after: datetime, minutes: int) -> list[Slot]:
    return _free([bookee], after, after + timedelta(days=14), minutes, NEXT_SLOTS)


def _validate(bookee: Bookee, start: datetime, minutes: int, now: datetime) -> None:
    if timezone.is_naive(start):
        raise ValidationError({"start": _("Give the start with its timezone.")})
    if not 5 <= minutes <= MAX_MINUTES:
        raise ValidationError(
            {"minutes": _("An appointment lasts from 5 minutes to %(max)d.") % {"max": MAX_MINUTES}}
        )
    if start < now:
        raise ValidationError({"start": _("This time is in the past.")})
    if bookee.field == "resource_id":
        if not Resource.objects.filter(pk=bookee.pk, is_active=True).exists():
            raise ValidationError(
                {"resource_id": _("Appointments are booked with a bookable resource.")}
            )
    elif not Agent.objects.filter(user_id=bookee.pk, user__is_active=True).exists():
        raise ValidationError({"agent_id": _("Appointments are booked with an active agent.")})
    end = start + timedelta(minutes=minutes)
    calendar = bookee.calendar()
    for interval_start, interval_end in _merged(working_intervals(calendar, start, end)):
        if interval_start <= start and end <= interval_end:
            return
        break
    if bookee.field == "resource_id":
        raise ValidationError({"start": _("This time is outside the resource's working hours.")})
    raise ValidationError({"start": _("This time is outside the agent's working hours.")})


def _overlaps(bookee: Bookee, start: datetime, end: datetime, exclude: int | None = None) -> bool:
    rows = Appointment.objects.filter(
        **{bookee.field: bookee.pk}, state=AppointmentState.BOOKED, start__lt=end, end__gt=start
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return rows.exists()


def book_appointment(
    *,
    agent: User | None = None,
    resource: Resource | None = None,
    customer: Customer,
    start: datetime,
    minutes: int,
    conversation: Conversation | None = None,
    actor: Actor = None,
    now: datetime | None = None,
) -> Appointment:
    """Book the slot of the agent or the resource (exactly one of them) and send the
    customer the invitation; SlotTaken if it is not free."""
    now = now or timezone.now()
    if agent is not None and resource is None:
        bookee = Bookee("agent_id", agent.pk)
    elif resource is not None and agent is None:
        bookee = Bookee("resource_id", resource.pk)
    else:
        raise ValidationError(
            {"agent_id": _("Book an appointment with either an agent or a resource.")}
        )
    _validate(bookee, start, minutes, now)
    end = start + timedelta(minutes=minutes)
    language = customer.language or (conversation.language if conversation else "")

    def write() -> Appointment:
        _lock_calendar(bookee)
        if _overlaps(bookee, start, end):
            raise IntegrityError("appointment_no_overlap")
        appointment = Appointment.objects.create(
            agent=agent,
            resource=resource,
            customer=customer,
            conversation=conversation,
            start=start,
            end=end,
            language=language if language in SUPPORTED else "en",
            uid=f"{uuid.uuid4()}@hamdel",
            created_by=actor,
            remind_at=max(start - REMIND_BEFORE, now),
        )
        events.appointment_booked(appointment, actor)
        _tell_customer(appointment, "booked", now)
        return appointment

    return _exclusively(write, bookee, start, minutes)


def _lock_calendar(bookee: Bookee) -> None:
    """Queue bookings of one agent on their profile row, of one resource on its row
    (PostgreSQL; SQLite's IMMEDIATE
    transaction already holds the write lock), so the overlap check sees the booking
    committed before it. The exclusion constraint stays the guarantee for any other
    writer; without the queue, inserts that each find the other's uncommitted row
    deadlock and only one of them learns why."""
    if bookee.field == "resource_id":
        list(Resource.objects.select_for_update().filter(pk=bookee.pk).values_list("pk"))
    else:
        list(Agent.objects.select_for_update().filter(user_id=bookee.pk).values_list("pk"))


DEADLOCK = "40P01"
ATTEMPTS = 3


def _exclusively(
    write: Callable[[], Appointment], bookee: Bookee, start: datetime, minutes: int
) -> Appointment:
    """Run `write` in a transaction; an overlap, found or refused by the constraint, is
    SlotTaken. Two PostgreSQL inserts that each find the other's uncommitted row may
    deadlock; the one PostgreSQL aborts tries again and then sees the winner's row."""
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                return write()
        except IntegrityError as error:
            if "appointment_no_overlap" not in str(error):
                raise
            raise SlotTaken(next_free_slots(bookee, start, minutes)) from error
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", "") != DEADLOCK or attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def reschedule_appointment(
    appointment: Appointment, start: datetime, minutes: int, actor: Actor
) -> Appointment:
    now = timezone.now()
    bookee = Bookee.of(appointment)
    _validate(bookee, start, minutes, now)
    end = start + timedelta(minutes=minutes)

    def write() -> Appointment:
        _lock_calendar(bookee)
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.state != AppointmentState.BOOKED:
            raise ValidationError({"state": _("This appointment is cancelled.")})
        if _overlaps(bookee, start, end, exclude=locked.pk):
            raise IntegrityError("appointment_no_overlap")
        old_start = locked.start.isoformat()
        locked.start, locked.end = start, end
        locked.sequence += 1
        locked.remind_at = max(start - REMIND_BEFORE, now)
        locked.reminded_at = None
        locked.save(update_fields=["start", "end", "sequence", "remind_at", "reminded_at"])
        events.appointment_rescheduled(locked, actor, old_start)
        _tell_customer(locked, "rescheduled", now)
        return locked

    return _exclusively(write, bookee, start, minutes)


def cancel_appointment(appointment: Appointment, actor: Actor, reason: str = "") -> Appointment:
    now = timezone.now()
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.state != AppointmentState.BOOKED:
            raise ValidationError({"state": _("This appointment is already cancelled.")})
        locked.state = AppointmentState.CANCELLED
        locked.sequence += 1
        locked.save(update_fields=["state", "sequence"])
        events.appointment_cancelled(locked, actor, reason.strip())
        _tell_customer(locked, "cancelled", now)
    return locked


def remind_appointment(appointment_id: int, now: datetime) -> bool:
    """Remind the agent (a notification) and the customer (a message) once."""
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().filter(pk=appointment_id).first()
        if (
            appointment is None
            or appointment.state != AppointmentState.BOOKED
            or appointment.reminded_at is not None
        ):
            return False
        appointment.reminded_at = now
        appointment.save(update_fields=["reminded_at"])
        events.appointment_reminded(appointment)
        conversation = _tell_customer(appointment, "reminder", now, with_invitation=False)
        # A resource's appointment reminds whoever booked it.
        agent = appointment.agent or appointment.created_by
        if conversation is not None and agent is not None:
            ticket_signals.notification_requested.send(
                sender=Appointment,
                recipients=[agent],
                kind=APPOINTMENT_REMINDER,
                conversation=conversation,
                actor=None,
            )
    return True


def _texts(appointment: Appointment, what: str) -> tuple[str, str]:
    """(summary, message) in the customer's language."""
    zone = appointment.customer.timezone or Organisation.load().timezone
    language = appointment.language or "en"
    with translation.override(language):
        moment = moment_for_customer(appointment.start, language, zone)
        names = {
            "agent": _with_whom(appointment),
            "organisation": Organisation.load().name,
            "moment": moment,
            "minutes": appointment.minutes,
        }
        summary = _("Appointment with %(agent)s (%(organisation)s)") % names
        messages = {
            "booked": _(
                "Your appointment with %(agent)s is booked for %(moment)s (%(minutes)d minutes). "
                "The invitation is attached."
            ),
            "rescheduled": _(
                "Your appointment with %(agent)s is moved to %(moment)s (%(minutes)d minutes). "
                "The updated invitation is attached."
            ),
            "cancelled": _("Your appointment with %(agent)s on %(moment)s is cancelled."),
            "reminder": _("A reminder: your appointment with %(agent)s is on %(moment)s."),
        }
        return summary, messages[what] % names


def _with_whom(appointment: Appointment) -> str:
    if appointment.resource is not None:
        return appointment.resource.name
    agent = appointment.agent
    return (agent.get_full_name() or agent.get_username()) if agent is not None else ""


def _conversation_for(appointment: Appointment) -> tuple[Conversation | None, str]:
    if appointment.conversation is not None:
        return appointment.conversation, ""
    has_email = appointment.customer.identities.filter(kind=IdentityKind.EMAIL).exists()
    return None, (Channel.EMAIL if has_email else "")


def _tell_customer(
    appointment: Appointment, what: str, now: datetime, *, with_invitation: bool = True
) -> Conversation | None:
    """Send the customer the news through their conversation's channel (the transport
    registry delivers it); without a conversation, a new email conversation is opened.
    Call inside the action's transaction: the message is queued when it commits."""
    summary, text = _texts(appointment, what)
    attachments = []
    if with_invitation:
        ics = invitation_ics(appointment, summary, text, now)
        attachments = [ticket_actions.NewAttachment("invitation.ics", "text/calendar", ics)]
    conversation, channel = _conversation_for(appointment)
    if conversation is not None:
        ticket_actions.add_message(
            conversation,
            direction=Direction.OUTBOUND,
            body_text=text,
            attachments=attachments,
            automatic=True,
        )
        return conversation
    if not channel:
        return None  # no way to reach the customer: the agent sees it has no conversation
    opened = ticket_actions.open_conversation(
        customer=appointment.customer,
        channel=channel,
        subject=summary,
        body_text=text,
        direction=Direction.OUTBOUND,
        attachments=attachments,
        team=None,
    )
    appointment.conversation = opened
    appointment.save(update_fields=["conversation"])
    return opened


def save_resource(resource: Resource | None, *, name: str, team: Team, active: bool) -> Resource:
    """Add or change a bookable resource; its booked appointments stay (deactivating one
    only stops new bookings)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the resource a name.")})
    clash = Resource.objects.filter(team=team, name=name)
    if resource is not None:
        clash = clash.exclude(pk=resource.pk)
    if clash.exists():
        raise ValidationError({"name": _("This team already has a resource of this name.")})
    resource = resource or Resource()
    resource.name, resource.team, resource.is_active = name, team, active
    resource.save()
    return resource
