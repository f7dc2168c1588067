"""Reads of the messaging app: accounts, who a message goes to, the conversation a
customer's message continues, WhatsApp's 24-hour window."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from hamdel.messaging import secrets
from hamdel.messaging.models import Account, Kind, Template
from hamdel.people.identities import normalise_identity
from hamdel.people.models import Identity, Organisation
from hamdel.tickets.models import Conversation, Direction, Message, Status

# WhatsApp lets a business send free-form messages for 24 hours after the customer's last one.
REPLY_WINDOW = timedelta(hours=24)
PREFIXED = {"botapi", "webhook"}  # identity kinds whose values carry the account's id


def accounts() -> QuerySet[Account]:
    return Account.objects.select_related("team").order_by("name", "pk")


def account_for_settings(pk: int) -> Account:
    found = accounts().filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def account_by_hook(kind: str, hook: str) -> Account:
    found = (
        Account.objects.select_related("team").filter(kind=kind, hook=hook, is_active=True).first()
    )
    if found is None:
        raise Http404
    return found


def receiving_account(account: Account, to_number: str) -> Account | None:
    """The account a message is for: this one, or, where one webhook serves several numbers
    (a WhatsApp app), the account of the number it was sent to, if it shares this one's
    app secret (the request was proved with it)."""
    if not to_number or to_number == account.setting("phone_number_id"):
        return account
    mine = secrets.unseal(account.sealed).get("app_secret")
    siblings = Account.objects.filter(kind=account.kind, is_active=True).exclude(pk=account.pk)
    for sibling in siblings.filter(settings__phone_number_id=to_number):
        if mine and secrets.unseal(sibling.sealed).get("app_secret") == mine:
            return sibling
    return None


def account_of_label(label: str) -> Account | None:
    prefix, _sep, pk = label.partition(":")
    if prefix != "messaging" or not pk.isdigit():
        return None
    return Account.objects.filter(pk=int(pk)).first()


def identity_of(account: Account, sender: str) -> tuple[str, str]:
    """The (kind, value) identity of a sender on this account, as receive_message takes it."""
    if account.kind == Kind.SMS:
        return "phone", sender
    if account.identity_kind in PREFIXED:
        return account.identity_kind, f"{account.pk}:{sender}"
    return account.identity_kind, sender


def recipient_of(account: Account, value: str) -> str:
    """What the provider calls the customer an identity value names (identity_of reversed)."""
    if account.identity_kind in PREFIXED:
        return value.partition(":")[2]
    return value


def identity_value(conversation: Conversation, account: Account) -> str | None:
    kind = "phone" if account.kind == Kind.SMS else account.identity_kind
    identity = Identity.objects.filter(customer_id=conversation.customer_id, kind=kind)
    if kind in PREFIXED:
        identity = identity.filter(value__startswith=f"{account.pk}:")
    found = identity.order_by("-pk").first()
    return found.value if found else None


def conversation_to_continue(account: Account, sender: str, now: datetime) -> int | None:
    """The conversation a message from this sender belongs to: the latest one on this
    account, if it is unfinished or was solved within the account's reopen window."""
    kind, raw = identity_of(account, sender)
    try:
        value = normalise_identity(kind, raw, Organisation.load().phone_region)
    except Exception:  # noqa: BLE001 - receive_message gives the clear error for a bad identity
        return None
    identity = Identity.objects.filter(kind=kind, value=value).select_related("customer").first()
    if identity is None:
        return None
    customer_id = identity.customer.merged_into_id or identity.customer_id
    latest = (
        Conversation.objects.filter(
            customer_id=customer_id, channel=account.channel, messages__account=account.label
        )
        .exclude(status__in=[Status.CLOSED, Status.SPAM])
        .order_by("-last_message_at", "-pk")
        .first()
    )
    if latest is None:
        return None
    if latest.status != Status.SOLVED:
        return latest.pk
    window = timedelta(hours=account.reopen_hours)
    if latest.solved_at is not None and latest.solved_at >= now - window:
        return latest.pk
    return None


def default_sms_account(team_id: int | None) -> Account | None:
    """The SMS account texts start from: the team's own, else the first one."""
    active = Account.objects.filter(kind=Kind.SMS, is_active=True).order_by("pk")
    own = active.filter(team_id=team_id).first() if team_id is not None else None
    return own or active.first()


def account_of_conversation(conversation: Conversation) -> Account | None:
    """The account the customer last wrote in by on this conversation."""
    labels = (
        Message.objects.filter(
            conversation=conversation,
            direction=Direction.INBOUND,
            account__startswith="messaging:",
        )
        .order_by("-created_at", "-pk")
        .values_list("account", flat=True)[:1]
    )
    return account_of_label(labels[0]) if labels else None


@dataclass(frozen=True)
class Window:
    """WhatsApp's customer service window of a conversation."""

    closes_at: datetime | None  # None: the customer has not written on WhatsApp

    def is_open(self, now: datetime) -> bool:
        return self.closes_at is not None and now < self.closes_at


def reply_window(conversation: Conversation, account: Account) -> Window:
    last = (
        # The window is the customer's on this number, whichever conversation they wrote in.
        Message.objects.filter(
            conversation__customer_id=conversation.customer_id,
            direction=Direction.INBOUND,
            account=account.label,
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return Window(last + REPLY_WINDOW if last else None)


def approved_templates(account: Account) -> QuerySet[Template]:
    return Template.objects.filter(account=account, approved=True).order_by("name", "language")


def now() -> datetime:
    return timezone.now()
