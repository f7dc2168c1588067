"""Every write of compensation: request, approve, reject, pay, reverse; limits and charges.

Each step appends one ledger entry inside a transaction that holds the request's row lock,
so steps of one request happen one after another; the ledger's unique constraints are the
last guard (a second payment or decision fails in the database, and is answered as a
replay here).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.compensation import events, limits, money, tell
from hamdel.compensation.declarations import DECIDED, PENDING
from hamdel.compensation.models import (
    BILLING_REASONS,
    Charge,
    Compensation,
    Entry,
    EntryKind,
    Kind,
    Limit,
    Reason,
    State,
    state_of,
)
from hamdel.people.models import Agent, Customer, Role
from hamdel.promises import actions as promise_actions
from hamdel.promises.models import Kind as PromiseKind
from hamdel.promises.models import State as PromiseState
from hamdel.tickets import signals as ticket_signals
from hamdel.tickets.models import Conversation

# The refund promise's due time: when an approved refund is promised to be paid.
REFUND_DAYS = 5


@dataclass(frozen=True)
class Draft:
    """What the agent asks for: the API's and the form's fields, amount as a string."""

    kind: str
    amount: object
    currency: str
    reason: str
    reference: str = ""


@dataclass(frozen=True)
class Paid:
    compensation: Compensation
    changed: bool  # False for a replay: the request was already paid with this reference


def _agent(user: User) -> Agent:
    agent = Agent.objects.filter(user=user, user__is_active=True).first()
    if agent is None:
        raise PermissionDenied(_("Only staff can do this."))
    return agent


def _validate(draft: Draft) -> tuple[str, Decimal, str]:
    errors: dict[str, str] = {}
    if draft.kind not in Kind.values:
        errors["kind"] = _("Unknown kind “%(kind)s”.") % {"kind": draft.kind}
    if draft.reason not in Reason.values:
        errors["reason"] = _("Unknown reason “%(reason)s”.") % {"reason": draft.reason}
    if len(draft.reference.strip()) > 100:
        errors["reference"] = _("A reference has at most 100 characters.")
    if errors:
        raise ValidationError(errors)
    currency = money.check_currency(draft.currency)
    return currency, money.parse_amount(draft.amount, currency), draft.reference.strip()


def _same_customer(one: Customer, other_id: int) -> bool:
    return (
        other_id in {one.pk, one.merged_into_id}
        or Customer.objects.filter(pk=other_id, merged_into_id=one.pk).exists()
    )


def _check_charge(
    reference: str, customer: Customer, amount: Decimal, currency: str
) -> Charge | None:
    """The known charge a reference names, locked; refuses more than is left of it."""
    if not reference:
        return None
    charge = Charge.objects.select_for_update().filter(reference=reference).first()
    if charge is None:
        return None
    if not _same_customer(customer, charge.customer_id):
        raise ValidationError({"reference": _("This reference is another customer's charge.")})
    if charge.currency != currency:
        raise ValidationError(
            {
                "currency": _("The charge %(reference)s was in %(currency)s.")
                % {"reference": reference, "currency": charge.currency}
            }
        )
    left = charge.amount - limits.committed_on_charge(charge.pk)
    if amount > left:
        raise ValidationError(
            {
                "amount": _(
                    "%(amount)s is more than is left of the original charge %(reference)s "
                    "(%(left)s of %(charged)s)."
                )
                % {
                    "amount": money.as_text(amount, currency),
                    "reference": reference,
                    "left": money.as_text(max(left, Decimal(0)), currency),
                    "charged": money.as_text(charge.amount, currency),
                }
            },
            code="over_charge",
        )
    return charge


def request_compensation(
    conversation: Conversation, draft: Draft, actor: User, *, now: datetime | None = None
) -> Compensation:
    """Record the request; within the requester's limits it is approved in the same step."""
    now = now or timezone.now()
    currency, amount, reference = _validate(draft)
    with transaction.atomic():
        # The requester's row lock serialises their requests, so two at once cannot both
        # fit the month's limit.
        agent = Agent.objects.select_for_update().filter(user=actor, user__is_active=True).first()
        if agent is None:
            raise PermissionDenied(_("Only staff can do this."))
        charge = _check_charge(reference, conversation.customer, amount, currency)
        fast = charge is not None and draft.reason in BILLING_REASONS
        way = limits.route(agent.role, actor, amount, currency, fast_track=fast, now=now)
        compensation = Compensation.objects.create(
            conversation=conversation,
            customer=conversation.customer,
            kind=draft.kind,
            amount=amount,
            currency=currency,
            reason=draft.reason,
            reference=reference,
            charge=charge,
            requested_by=actor,
            requested_at=now,
            approver_role=way.approver_role,
            why_code=way.why_code,
            why_data=way.why_data,
            fast_track=fast,
        )
        _append(compensation, EntryKind.REQUESTED, actor, now)
        if not way.approver_role:
            _approve(compensation, actor, "", now)
        else:
            _notify_approvers(compensation, actor)
    return compensation


def _append(
    compensation: Compensation,
    kind: str,
    actor: User | None,
    now: datetime,
    *,
    comment: str = "",
    gateway_reference: str = "",
    promise_id: int | None = None,
) -> Entry:
    try:
        with transaction.atomic():  # a savepoint: the constraint's refusal keeps the rest
            entry = Entry.objects.create(
                compensation=compensation,
                kind=kind,
                amount=compensation.amount,
                currency=compensation.currency,
                actor=actor,
                at=now,
                comment=comment,
                gateway_reference=gateway_reference,
                promise_id=promise_id,
            )
    except IntegrityError:
        raise ValidationError(
            {"state": _("This request has already been decided or paid.")}, code="done"
        ) from None
    events.entry_recorded(compensation, entry, actor)
    return entry


def _approve(compensation: Compensation, actor: User, comment: str, now: datetime) -> None:
    promise = None
    if compensation.is_refund:
        promise = promise_actions.make_promise(
            promise_actions.PromiseDraft(
                kind=PromiseKind.REFUND,
                due_at=now + timedelta(days=REFUND_DAYS),
                owner_agent=compensation.requested_by,
                words="",
            ),
            customer=compensation.customer,
            conversation=compensation.conversation,
            actor=actor,
            checked=False,
            now=now,
        )
    _append(
        compensation,
        EntryKind.APPROVED,
        actor,
        now,
        comment=comment,
        promise_id=promise.pk if promise else None,
    )
    tell.tell_customer(compensation, "approved", promise=promise)


def _locked(compensation_id: int) -> tuple[Compensation, set[str]]:
    locked = (
        Compensation.objects.select_for_update(of=("self",))
        .select_related("conversation", "customer", "requested_by")
        .get(pk=compensation_id)
    )
    kinds = set(Entry.objects.filter(compensation=locked).values_list("kind", flat=True))
    return locked, kinds


def check_right_to_decide(compensation: Compensation, actor: User) -> None:
    """Refuses a decision by the requester or by a role below the one the request needs."""
    agent = _agent(actor)
    if compensation.requested_by_id == actor.pk:
        raise PermissionDenied(_("Nobody approves their own request."))
    if not limits.may_decide(agent.role, compensation.approver_role):
        raise PermissionDenied(
            _("Deciding this request needs the %(role)s role or above.")
            % {"role": Role(compensation.approver_role or Role.ADMIN).label}
        )


def _decide(
    compensation: Compensation, actor: User, comment: str, kind: str, now: datetime | None
) -> Compensation:
    now = now or timezone.now()
    with transaction.atomic():
        locked, kinds = _locked(compensation.pk)
        check_right_to_decide(locked, actor)
        if state_of(kinds) != State.PENDING_APPROVAL:
            raise ValidationError(
                {"state": _("This request has already been decided.")}, code="decided"
            )
        if kind == EntryKind.APPROVED:
            _approve(locked, actor, comment.strip(), now)
        else:
            _append(locked, EntryKind.REJECTED, actor, now, comment=comment.strip())
            tell.tell_customer(locked, "rejected")
        _notify(locked, [locked.requested_by], DECIDED, actor)
    return locked


def approve_compensation(
    compensation: Compensation, actor: User, comment: str = "", *, now: datetime | None = None
) -> Compensation:
    return _decide(compensation, actor, comment, EntryKind.APPROVED, now)


def reject_compensation(
    compensation: Compensation, actor: User, comment: str, *, now: datetime | None = None
) -> Compensation:
    if not comment.strip():
        raise ValidationError({"comment": _("Say why the request is rejected.")})
    return _decide(compensation, actor, comment, EntryKind.REJECTED, now)


def mark_paid(
    compensation: Compensation,
    actor: User | None,
    gateway_reference: str,
    *,
    amount: object = None,
    currency: str = "",
    now: datetime | None = None,
) -> Paid:
    """Record the payment once. The same reference again is a replay and changes nothing;
    another reference for a paid request is refused (it would pay twice)."""
    now = now or timezone.now()
    gateway_reference = (gateway_reference or "").strip()
    if not gateway_reference:
        raise ValidationError({"reference": _("Give the payment gateway's reference.")})
    with transaction.atomic():
        locked, kinds = _locked(compensation.pk)
        if EntryKind.PAID in kinds:
            paid = Entry.objects.get(compensation=locked, kind=EntryKind.PAID)
            if paid.gateway_reference == gateway_reference:
                return Paid(locked, changed=False)
            raise ValidationError(
                {
                    "reference": _("This request was already paid (reference %(reference)s).")
                    % {"reference": paid.gateway_reference}
                },
                code="paid",
            )
        if state_of(kinds) != State.APPROVED:
            raise ValidationError(
                {"state": _("Only an approved request can be paid.")}, code="not_approved"
            )
        if amount is not None:
            given = money.parse_amount(amount, locked.currency)
            if given != locked.amount or (currency and currency.upper() != locked.currency):
                raise ValidationError(
                    {
                        "amount": _(
                            "The payment is %(given)s %(currency)s; the request is %(asked)s."
                        )
                        % {
                            "given": money.as_text(given, locked.currency),
                            "currency": currency or locked.currency,
                            "asked": money.as_text(locked.amount, locked.currency),
                        }
                    }
                )
        _append(locked, EntryKind.PAID, actor, now, gateway_reference=gateway_reference)
        _keep_refund_promise(locked, actor, now)
        tell.tell_customer(locked, "paid", gateway_reference=gateway_reference)
    return Paid(locked, changed=True)


def _keep_refund_promise(compensation: Compensation, actor: User | None, now: datetime) -> None:
    approved = (
        Entry.objects.filter(compensation=compensation, kind=EntryKind.APPROVED)
        .select_related("promise")
        .first()
    )
    promise = approved.promise if approved else None
    if promise is not None and promise.state in (PromiseState.OPEN, PromiseState.BROKEN):
        promise_actions.keep_promise(promise, actor, at=now, automatic="refund paid")


def reverse_compensation(
    compensation: Compensation,
    actor: User | None,
    comment: str,
    *,
    gateway_reference: str = "",
    now: datetime | None = None,
) -> Paid:
    """The payment came back (a chargeback, a bank's return); once. A replay changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        locked, kinds = _locked(compensation.pk)
        if EntryKind.REVERSED in kinds:
            return Paid(locked, changed=False)
        if EntryKind.PAID not in kinds:
            raise ValidationError({"state": _("Only a paid request can be reversed.")})
        if not comment.strip():
            raise ValidationError({"comment": _("Say why the payment is reversed.")})
        _append(
            locked,
            EntryKind.REVERSED,
            actor,
            now,
            comment=comment.strip(),
            gateway_reference=gateway_reference,
        )
    return Paid(locked, changed=True)


@dataclass(frozen=True)
class LimitRow:
    role: str
    currency: str
    per_case: object
    per_month: object


def set_limits(rows: list[LimitRow], actor: User) -> list[Limit]:
    """Replace every limit with the rows given (a role and currency not listed has none)."""
    parsed: dict[tuple[str, str], tuple[Decimal, Decimal]] = {}
    for index, row in enumerate(rows):
        if row.role not in Role.values:
            raise ValidationError(
                {f"{index}.role": _("Unknown role “%(role)s”.") % {"role": row.role}}
            )
        currency = money.check_currency(row.currency, f"{index}.currency")
        per_case = money.parse_amount(row.per_case, currency, f"{index}.per_case", allow_zero=True)
        per_month = money.parse_amount(
            row.per_month, currency, f"{index}.per_month", allow_zero=True
        )
        if (row.role, currency) in parsed:
            raise ValidationError({f"{index}.role": _("Each role and currency once.")})
        parsed[(row.role, currency)] = (per_case, per_month)
    with transaction.atomic():
        old = [_limit_dict(limit) for limit in Limit.objects.select_for_update()]
        Limit.objects.exclude(
            pk__in=[
                limit.pk for limit in Limit.objects.all() if (limit.role, limit.currency) in parsed
            ]
        ).delete()
        saved = []
        for (role, currency), (per_case, per_month) in parsed.items():
            limit, _created = Limit.objects.update_or_create(
                role=role,
                currency=currency,
                defaults={"per_case": per_case, "per_month": per_month},
            )
            saved.append(limit)
        events.limits_changed(old, [_limit_dict(limit) for limit in saved], actor)
    return saved


def _limit_dict(limit: Limit) -> dict[str, str]:
    return {
        "role": limit.role,
        "currency": limit.currency,
        "per_case": money.as_text(limit.per_case, limit.currency),
        "per_month": money.as_text(limit.per_month, limit.currency),
    }


def record_charge(
    *,
    reference: str,
    customer: Customer,
    amount: object,
    currency: str,
    charged_at: datetime | None,
    actor: User | None,
) -> Charge:
    """A payment the shop reports, so requests naming it can be checked and fast-tracked."""
    reference = reference.strip()
    if not reference:
        raise ValidationError({"reference": _("Give the charge's order or transaction reference.")})
    code = money.check_currency(currency)
    value = money.parse_amount(amount, code)
    if Charge.objects.filter(reference=reference).exists():
        raise ValidationError({"reference": _("A charge with this reference is already known.")})
    with transaction.atomic():
        charge = Charge.objects.create(
            reference=reference,
            customer=customer,
            amount=value,
            currency=code,
            charged_at=charged_at or timezone.now(),
        )
        events.charge_recorded(charge, actor)
    return charge


def _notify(
    compensation: Compensation, recipients: list[User], kind: str, actor: User | None
) -> None:
    if recipients:
        # live hears this (compensation does not import live) and sends the notification.
        ticket_signals.notification_requested.send(
            sender=Compensation,
            recipients=recipients,
            kind=kind,
            conversation=compensation.conversation,
            actor=actor,
        )


def _notify_approvers(compensation: Compensation, actor: User) -> None:
    roles = [
        role
        for role, rank in limits.RANK.items()
        if rank >= limits.RANK[Role(compensation.approver_role)]
    ]
    approvers = list(
        User.objects.filter(agent__role__in=roles, is_active=True)
        .exclude(pk=actor.pk)
        .distinct()[:50]
    )
    _notify(compensation, approvers, PENDING, actor)
