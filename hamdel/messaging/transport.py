"""The "sms" and "messenger" transports: one outbound message back on the account the
customer wrote in by (the message's own account, else the conversation's last inbound).

Text longer than the provider takes is split at its limit (on a line or word break where
there is one); each attachment is its own request where the provider takes files. Every
part the provider accepted is recorded (SentPart) before the next is sent, so a retry
after a 429 or a 500 sends only what is missing: each part goes out once. On WhatsApp,
outside the customer's 24-hour window only an approved template is sent.
"""

from collections.abc import Callable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.messaging import queries
from hamdel.messaging.adapters import adapter_of
from hamdel.messaging.adapters.base import Adapter, ProviderError
from hamdel.messaging.models import Account, Kind, SentPart, TemplateUse
from hamdel.people.identities import normalise_phone
from hamdel.people.models import Organisation
from hamdel.tickets.actions import DeliveryError, Receipt
from hamdel.tickets.models import Attachment, Message


def send(message: Message) -> Receipt:
    account = _account(message)
    adapter = adapter_of(account)
    to = _recipient(message, account)
    done = dict(SentPart.objects.filter(message=message).values_list("part", "provider_id"))
    try:
        for number, part in enumerate(_parts(message, account, adapter, to)):
            if number not in done:
                done[number] = part()
                _record(message, account, number, done[number])
    except ProviderError as error:
        raise DeliveryError(error.reason, permanent=error.permanent) from error
    return Receipt(provider_id=done.get(0, ""))


def _account(message: Message) -> Account:
    account = queries.account_of_label(message.account) if message.account else None
    account = account or queries.account_of_conversation(message.conversation)
    if account is None and message.channel != "messenger":
        # An SMS to a customer who never texted us (a web form's phone contact).
        account = queries.default_sms_account(message.conversation.team_id)
    if account is None:
        raise DeliveryError(
            _(
                "Not delivered: the customer has not written to us on this channel, "
                "so there is no account to answer from."
            ),
            permanent=True,
        )
    if not account.is_active:
        raise DeliveryError(
            _(
                "Not delivered: the account “%(name)s” is switched off. "
                "An administrator can switch it on."
            )
            % {"name": account.name},
            permanent=True,
        )
    return account


def _recipient(message: Message, account: Account) -> str:
    value = queries.identity_value(message.conversation, account)
    if value is None:
        raise DeliveryError(
            _("Not delivered: the customer has no identity on %(account)s to send to.")
            % {"account": account.name},
            permanent=True,
        )
    if account.kind == Kind.SMS:
        try:
            return normalise_phone(value, Organisation.load().phone_region)
        except ValidationError as error:
            raise DeliveryError(
                _("Not delivered: %(problem)s Correct the customer's phone number and retry.")
                % {"problem": " ".join(error.messages)},
                permanent=True,
            ) from error
    return queries.recipient_of(account, value)


def _parts(
    message: Message, account: Account, adapter: Adapter, to: str
) -> list[Callable[[], str]]:
    """The requests that send this message, in order, as callables returning provider ids."""
    use = TemplateUse.objects.select_related("template").filter(message=message).first()
    if account.kind == Kind.WHATSAPP:
        if use is not None:
            template = use.template
            return [
                lambda: adapter.send_template(
                    account, to, template.name, template.language, use.parameters
                )
            ]
        window = queries.reply_window(message.conversation, account)
        if not window.is_open(timezone.now()):
            raise DeliveryError(
                _(
                    "Not delivered: WhatsApp's 24-hour window since the customer's last message "
                    "has closed. Send an approved template instead."
                ),
                permanent=True,
            )
    attachments = list(Attachment.objects.filter(message=message).order_by("pk"))
    if attachments and not adapter.sends_files:
        raise DeliveryError(
            _(
                "Not delivered: %(account)s cannot send files. "
                "Send the text alone, or the files by email."
            )
            % {"account": account.name},
            permanent=True,
        )
    parts: list[Callable[[], str]] = []
    text = message.body_text
    caption = ""
    if attachments and adapter.max_caption and len(text) <= adapter.max_caption:
        caption, text = text, ""
    for chunk in split_text(text, adapter.max_text):
        parts.append(partial(adapter.send_text, account, to, chunk))
    for index, attachment in enumerate(attachments):
        parts.append(
            partial(_send_file, adapter, account, to, attachment, caption if index == 0 else "")
        )
    return parts


def _send_file(
    adapter: Adapter, account: Account, to: str, attachment: Attachment, caption: str
) -> str:
    content = _content(attachment)
    return adapter.send_file(
        account, to, attachment.filename, attachment.content_type, content, caption
    )


def _content(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as handle:
        return bytes(handle.read())


def _record(message: Message, account: Account, part: int, provider_id: str) -> None:
    try:
        with transaction.atomic():
            SentPart.objects.create(
                message=message, part=part, provider_id=provider_id, account=account
            )
    except IntegrityError:
        pass  # an attempt whose lease ran out recorded it too: it was sent, once more


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at a line break, else a space, where one is
    in the second half of the piece."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = rest.rfind("\n", limit // 2, limit)
        if cut < 0:
            cut = rest.rfind(" ", limit // 2, limit)
        if cut < 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces
