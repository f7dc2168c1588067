"""Every write of the complaints app: the desk, complaints, root causes, escalations and
the decisions taken on alerts. Spike detection, which writes alerts, is in spikes.py.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.complaints import events, queries
from hamdel.complaints.declarations import OVERDUE, SPIKE
from hamdel.complaints.models import Alert, Complaint, Decision, Desk, RootCause, Verdict
from hamdel.complaints.stopwords import stopwords
from hamdel.people.actions import create_team
from hamdel.people.models import Role, Team
from hamdel.sla import actions as sla_actions
from hamdel.sla.models import SlaPolicy
from hamdel.text.normalise import tokens as text_tokens
from hamdel.tickets import signals as ticket_signals
from hamdel.tickets.actions import assign_conversation
from hamdel.tickets.models import Category, Conversation, Direction, Message

Actor = User | None

DESK_TEAM_NAME = "Complaints desk"
DESK_TEAM_NAMES = ("Complaints", DESK_TEAM_NAME)
POLICY_NAME = "Complaints"
# The stricter default targets, in business minutes (an ordinary policy is often 8 h / 3 d).
FIRST_RESPONSE_MINUTES = 60
NEXT_RESPONSE_MINUTES = 120
RESOLUTION_MINUTES = 8 * 60
WARNING_PERCENT = 70
TEXT_CHARS = 2000  # of the subject and first message kept for grouping by wording
ESCALATION_BATCH = 200  # overdue complaints escalated per run; the next run takes the rest


# The desk


def desk() -> Desk:
    """The desk's settings row, with its team and SLA policy made on first need."""
    found = Desk.objects.select_related("team", "policy").filter(pk=1).first()
    if found is not None and found.team is not None:
        return found
    with transaction.atomic():
        found = Desk.objects.select_for_update().get_or_create(pk=1)[0]
        if found.team is None:
            # A team the organisation already calls so (the demo's "Complaints") is the desk.
            team = Team.objects.filter(name__in=DESK_TEAM_NAMES).order_by("name").first()
            found.team = team or create_team(DESK_TEAM_NAME, None)
            if found.policy is None:
                found.policy = _complaints_policy()
            found.save(update_fields=["team", "policy", "updated_at"])
    return found


def _complaints_policy() -> SlaPolicy:
    """A policy for category complaint, tried before every other policy."""
    policy = SlaPolicy.objects.filter(name=POLICY_NAME).first()
    if policy is not None:
        return policy
    policy = sla_actions.save_policy(
        SlaPolicy(
            name=POLICY_NAME,
            categories=[Category.COMPLAINT],
            first_response_minutes=FIRST_RESPONSE_MINUTES,
            next_response_minutes=NEXT_RESPONSE_MINUTES,
            resolution_minutes=RESOLUTION_MINUTES,
            warning_percent=WARNING_PERCENT,
            notify_supervisor=True,
            raise_priority=True,
        )
    )
    others = list(SlaPolicy.objects.exclude(pk=policy.pk).values_list("pk", flat=True))
    sla_actions.reorder_policies([policy.pk, *others])
    return policy


def update_desk(
    actor: Actor,
    *,
    team: Team | None = None,
    route_complaints: bool | None = None,
    escalate_to: Iterable[User] | None = None,
    escalate_after_minutes: int | None = None,
) -> Desk:
    current = desk()
    changes: dict[str, Any] = {}
    if team is not None and team.pk != current.team_id:
        current.team, changes["team"] = team, team.pk
    if route_complaints is not None and route_complaints != current.route_complaints:
        current.route_complaints = changes["route_complaints"] = route_complaints
    if escalate_after_minutes is not None:
        if escalate_after_minutes < 1:
            raise ValidationError({"escalate_after_minutes": _("Give at least one minute.")})
        if escalate_after_minutes != current.escalate_after_minutes:
            current.escalate_after_minutes = escalate_after_minutes
            changes["escalate_after_minutes"] = escalate_after_minutes
    with transaction.atomic():
        current.save()
        if escalate_to is not None:
            users = list(escalate_to)
            if any(not hasattr(user, "agent") for user in users):
                raise ValidationError({"escalate_to": _("Only staff can be told.")})
            current.escalate_to.set(users)
            changes["escalate_to"] = sorted(user.pk for user in users)
        events.desk_changed(current, actor, changes)
    return current


# Complaints


def _complaint_text(conversation: Conversation, message: Message | None) -> str:
    if message is None:
        message = (
            Message.objects.filter(conversation=conversation, direction=Direction.INBOUND)
            .order_by("created_at", "id")
            .first()
        )
    body = message.body_text if message is not None else ""
    return f"{conversation.subject}\n{body}"[:TEXT_CHARS]


def grouping_tokens(text: str, language: str | None) -> str:
    """The distinct normalised tokens and stems worth comparing: no numbers, no single
    letters, no stop words."""
    common = stopwords()
    kept = [
        t for t in text_tokens(text, language) if len(t) > 1 and not t.isdigit() and t not in common
    ]
    return " ".join(kept)


def open_complaint(
    conversation: Conversation, actor: Actor, message: Message | None = None
) -> Complaint:
    """Record the complaint and move it to the desk; call inside the conversation's write."""
    existing = Complaint.objects.filter(conversation=conversation).first()
    if existing is not None:
        return existing
    current = desk()
    language = conversation.language or conversation.customer.language
    complaint = Complaint.objects.create(
        conversation=conversation,
        customer_id=conversation.customer_id,
        opened_at=conversation.created_at or timezone.now(),
        language=language,
        tokens=grouping_tokens(_complaint_text(conversation, message), language or None),
    )
    if current.route_complaints and current.team is not None:
        assign_conversation(conversation, actor, team=current.team)
    events.complaint_opened(complaint, actor, conversation.team_id)
    return complaint


def record_resolution(
    conversation: Conversation, actor: Actor, *, root_cause: RootCause | None, resolution: str
) -> Complaint:
    """The root cause and what was done; both are needed before the complaint is solved."""
    errors: dict[str, str] = {}
    if root_cause is None:
        errors["root_cause"] = _("Choose the root cause.")
    elif not root_cause.is_active:
        errors["root_cause"] = _("This root cause is no longer in use.")
    if not resolution.strip():
        errors["resolution"] = _("Say what was done.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        complaint = Complaint.objects.filter(conversation=conversation).first()
        if complaint is None:
            if conversation.category != Category.COMPLAINT:
                raise ValidationError({"root_cause": _("This conversation is not a complaint.")})
            complaint = open_complaint(conversation, actor)
        complaint.root_cause = root_cause
        complaint.resolution = resolution.strip()
        complaint.recorded_by = actor
        complaint.save(update_fields=["root_cause", "resolution", "recorded_by"])
        events.resolution_recorded(complaint, actor)
    return complaint


def refuse_unrecorded_solve(conversation: Conversation, new: str) -> None:
    """Raise unless a complaint being finished has its root cause and what was done.

    Only once supervisors have made the list of root causes: before that (a new
    installation, or the demo's story, which runs before its root causes are loaded) no
    complaint could be solved at all."""
    if conversation.category != Category.COMPLAINT or new not in queries.FINISHING:
        return
    if not queries.active_root_causes().exists():
        return
    complaint = Complaint.objects.filter(conversation=conversation).first()
    if complaint is None or not complaint.is_recorded:
        raise ValidationError(
            {"status": _("Record the root cause and what was done before solving a complaint.")}
        )


def record_status(conversation: Conversation, old: str, new: str, actor: Actor) -> None:
    """A complaint finished is resolved; one reopened is counted."""
    if old in queries.FINISHING and new in queries.FINISHING:
        return
    if new in queries.FINISHING:
        updated = Complaint.objects.filter(conversation=conversation, resolved_at__isnull=True)
        if updated.update(resolved_at=timezone.now()):
            events.complaint_resolved(Complaint.objects.get(conversation=conversation), actor)
    elif old in queries.FINISHING:
        complaint = Complaint.objects.select_for_update().filter(conversation=conversation).first()
        if complaint is None:
            return
        complaint.reopen_count += 1
        complaint.resolved_at = None
        complaint.escalated_at = None
        complaint.save(update_fields=["reopen_count", "resolved_at", "escalated_at"])
        events.complaint_reopened(complaint, actor)


def escalate_overdue(now: datetime) -> list[int]:
    """Tell the desk's escalation path about each overdue complaint, once per complaint
    (until it is reopened). Safe to run twice: the claim is a conditional update."""
    current = desk()
    recipients = list(current.escalate_to.filter(is_active=True))
    if not recipients and current.team is not None:
        recipients = list(
            User.objects.filter(
                is_active=True,
                agent__teams=current.team,
                agent__role__in=[Role.SUPERVISOR, Role.ADMIN],
            )
        )
    if not recipients:
        recipients = list(User.objects.filter(is_active=True, agent__role=Role.SUPERVISOR))
    escalated: list[int] = []
    due = queries.overdue_unescalated(now, current)[:ESCALATION_BATCH]
    for complaint in due:
        with transaction.atomic():
            claimed = Complaint.objects.filter(pk=complaint.pk, escalated_at__isnull=True).update(
                escalated_at=now
            )
            if not claimed:
                continue
            ticket_signals.notification_requested.send(
                sender=Complaint,
                recipients=recipients,
                kind=OVERDUE,
                conversation=complaint.conversation,
                actor=None,
            )
            events.complaint_escalated(complaint, [user.pk for user in recipients])
            escalated.append(complaint.pk)
    return escalated


# Root causes


def save_root_cause(
    actor: Actor,
    *,
    cause: RootCause | None = None,
    name: str | None = None,
    description: str | None = None,
    is_active: bool | None = None,
) -> RootCause:
    created = cause is None
    cause = cause or RootCause()
    if name is not None:
        cause.name = name.strip()
    if description is not None:
        cause.description = description.strip()
    if is_active is not None:
        cause.is_active = is_active
    if not cause.name:
        raise ValidationError({"name": _("Give the root cause a name.")})
    clash = RootCause.objects.filter(name__iexact=cause.name).exclude(pk=cause.pk)
    if clash.exists():
        raise ValidationError({"name": _("There is already a root cause with this name.")})
    cause.full_clean(validate_unique=False)
    with transaction.atomic():
        cause.save()
        events.root_cause_saved(cause, actor, created)
    return cause


def remove_root_cause(cause: RootCause, actor: Actor) -> bool:
    """Delete a root cause no complaint used (True); retire a used one (False)."""
    with transaction.atomic():
        if cause.complaints.exists():
            save_root_cause(actor, cause=cause, is_active=False)
            return False
        cause.delete()
    return True


# Decisions on alerts


def decide(alert: Alert, actor: Actor, *, verdict: str, why: str) -> Decision:
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose whether the policy changed or was kept.")})
    if not why.strip():
        raise ValidationError({"why": _("Say why.")})
    with transaction.atomic():
        decision = Decision.objects.create(
            alert=alert,
            group_kind=alert.group_kind,
            group_key=alert.group_key,
            verdict=verdict,
            why=why.strip(),
            decided_by=actor,
        )
        events.decision_recorded(decision, actor)
    return decision


def supervisors() -> list[User]:
    return list(User.objects.filter(is_active=True, agent__role__in=[Role.SUPERVISOR, Role.ADMIN]))


def notify_supervisors_of(alert: Alert, conversation: Conversation) -> None:
    """An in-app notification to every supervisor; live needs a conversation to point at,
    so it names the group's latest one (the notification's text names the alert kind)."""
    ticket_signals.notification_requested.send(
        sender=Alert, recipients=supervisors(), kind=SPIKE, conversation=conversation, actor=None
    )
