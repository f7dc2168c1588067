"""Every write to conversations, messages, notes and tags, one module per subject.

- `receive.py`: `receive_message`, the one door for a customer's message from any channel.
- `messages.py`: storing a message in or out (sanitising, the text pipeline, attachments,
  index entries, events); opening a conversation with its first message.
- `delivery.py`: an outbound message's delivery state and `deliver_message`, the one path out.
- `changes.py`: assignment, status, fields, tags, collaborators.
- `notes.py`: internal notes and mentions.
- `merging.py`: merging conversations, splitting a message off.
- `numbering.py`: conversation numbers.

Callers import from `hamdel.tickets.actions`; the modules are the package's own layout.
"""

from hamdel.tickets.actions.changes import (
    EDITABLE_FIELDS,
    UNSET,
    add_collaborator,
    add_tags,
    assign_conversation,
    change_status,
    remove_collaborator,
    remove_tags,
    set_tags,
    update_conversation,
)
from hamdel.tickets.actions.common import Actor, announce_change
from hamdel.tickets.actions.delivery import (
    DeliveryError,
    Receipt,
    attempt_delivery,
    queue_delivery,
    record_delivery_report,
    retry_delivery,
)
from hamdel.tickets.actions.merging import merge_conversations, split_message
from hamdel.tickets.actions.messages import (
    NewAttachment,
    add_message,
    html_to_text,
    open_conversation,
    open_conversation_with_message,
    sanitise_html,
)
from hamdel.tickets.actions.notes import MENTION, add_note
from hamdel.tickets.actions.numbering import (
    CONVERSATION_NUMBER_SEQUENCE,
    FIRST_CONVERSATION_NUMBER,
    continue_numbering,
    next_conversation_number,
)
from hamdel.tickets.actions.receive import Received, Sender, ThreadHints, receive_message

__all__ = [
    "CONVERSATION_NUMBER_SEQUENCE",
    "EDITABLE_FIELDS",
    "FIRST_CONVERSATION_NUMBER",
    "MENTION",
    "UNSET",
    "Actor",
    "DeliveryError",
    "Receipt",
    "Received",
    "Sender",
    "ThreadHints",
    "NewAttachment",
    "add_collaborator",
    "add_message",
    "add_note",
    "add_tags",
    "announce_change",
    "assign_conversation",
    "attempt_delivery",
    "change_status",
    "continue_numbering",
    "html_to_text",
    "merge_conversations",
    "next_conversation_number",
    "open_conversation",
    "open_conversation_with_message",
    "queue_delivery",
    "receive_message",
    "record_delivery_report",
    "remove_collaborator",
    "remove_tags",
    "retry_delivery",
    "sanitise_html",
    "set_tags",
    "split_message",
    "update_conversation",
]
