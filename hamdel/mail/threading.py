"""Thread hints of a parsed mail: what may tie it to an existing conversation.

Pure: this only reads the mail. The decision is `tickets.actions.receive_message`'s, by
this rule (docs/email.md, "Threading"):

1. Each Message-ID in `message_ids`, in order (In-Reply-To first, then References from
   the newest back): the first that names a message already stored — inbound or one we
   sent — picks that message's conversation, if the sender is an identity of that
   conversation's customer.
2. Else a `reply_tokens` entry (the plus-address our outbound Reply-To carries), then a
   `conversation_numbers` entry (`[#1042]` in the subject): accepted only when the sender
   is an identity of that conversation's customer.
3. Else a new conversation. Never by subject alone; never into another customer's
   conversation: a forged In-Reply-To from a stranger opens a new conversation.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from hamdel.mail.parse import ParsedMail

# `support+<token>@example.org`: the token our outbound mail puts in Reply-To.
PLUS_ADDRESS = re.compile(r"^([^+@\s]+)\+([A-Za-z0-9_-]{4,64})@([^@\s]+)$")
# `[#1042]` as Hamdel writes it into outbound subjects; other helpdesks' `(#123)` or
# `#123` are theirs, not ours, and are ignored.
CONVERSATION_NUMBER = re.compile(r"\[#(\d{1,12})\]")
# References can be long (mailing lists); the newest few are what matter.
MAX_REFERENCES = 50


@dataclass(frozen=True)
class MailThreadHints:
    """What a mail says about its thread; the inbound path turns it into the seam's
    `tickets.actions.receive.ThreadHints` (message_ids → replying_to, a token or a number
    → conversation_id once looked up)."""

    message_ids: list[str] = field(default_factory=list)
    reply_tokens: list[str] = field(default_factory=list)
    conversation_numbers: list[int] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.message_ids or self.reply_tokens or self.conversation_numbers)


def _normalised_id(message_id: str) -> str:
    # The local part is case-sensitive in theory; servers do not rewrite it, so only
    # surrounding space is trimmed.
    return message_id.strip()


def referenced_message_ids(mail: ParsedMail) -> list[str]:
    """In-Reply-To first, then References newest-first, without repeats or the mail's own id."""
    ordered: list[str] = []
    if mail.in_reply_to:
        ordered.append(mail.in_reply_to)
    ordered += list(reversed(mail.references))[:MAX_REFERENCES]
    own = _normalised_id(mail.message_id)
    seen: set[str] = set()
    result: list[str] = []
    for message_id in map(_normalised_id, ordered):
        if message_id and message_id != own and message_id not in seen:
            seen.add(message_id)
            result.append(message_id)
    return result


def reply_tokens(mail: ParsedMail, our_addresses: Iterable[str] | None = None) -> list[str]:
    """Tokens of plus-addresses the mail was sent to. With `our_addresses` (the mailboxes'
    own addresses, without tokens), only plus-addresses of those count."""
    ours = {a.lower() for a in our_addresses} if our_addresses is not None else None
    candidates = [a.address for a in mail.to + mail.cc] + mail.delivered_to
    tokens: list[str] = []
    for address in candidates:
        match = PLUS_ADDRESS.match(address.strip())
        if not match:
            continue
        base = f"{match.group(1)}@{match.group(3)}".lower()
        if ours is not None and base not in ours:
            continue
        if match.group(2) not in tokens:
            tokens.append(match.group(2))
    return tokens


def conversation_numbers(subject: str) -> list[int]:
    numbers: list[int] = []
    for match in CONVERSATION_NUMBER.finditer(subject):
        number = int(match.group(1))
        if number not in numbers:
            numbers.append(number)
    return numbers


def thread_hints(mail: ParsedMail, our_addresses: Iterable[str] | None = None) -> MailThreadHints:
    return MailThreadHints(
        message_ids=referenced_message_ids(mail),
        reply_tokens=reply_tokens(mail, our_addresses),
        conversation_numbers=conversation_numbers(mail.subject),
    )
