"""The texts search hits of the tickets app's kinds are shown with (see declarations.py)."""

from hamdel.text.actions import note_text
from hamdel.tickets.models import Conversation, Message, Note


def message_texts(ids: list[int]) -> dict[int, str]:
    return dict(Message.objects.filter(pk__in=ids).values_list("pk", "body_text"))


def note_texts(ids: list[int]) -> dict[int, str]:
    """As indexed: card numbers and IBANs masked, since notes are stored as written."""
    return {
        pk: note_text(body)
        for pk, body in Note.objects.filter(pk__in=ids).values_list("pk", "body")
    }


def conversation_texts(ids: list[int]) -> dict[int, str]:
    rows = Conversation.objects.filter(pk__in=ids).values_list("pk", "number", "subject")
    return {pk: f"#{number} {subject}".strip() for pk, number, subject in rows}
