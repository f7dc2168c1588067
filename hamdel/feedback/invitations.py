"""The words of a survey invitation, per kind and channel, in the active language.

Email carries a greeting and a sentence; an SMS stays short (one segment's worth of words
before the link); a chat prompt reads like a line of the conversation.
"""

from django.utils.translation import gettext as _

from hamdel.feedback.models import Kind

SHORT_CHANNELS = {"sms", "whatsapp", "telegram", "messenger", "chat"}


def text(kind: str, channel: str, link: str, name: str) -> str:
    if kind == Kind.NPS:
        question = _("How likely are you to recommend us to a friend? Answer from 0 to 10:")
    else:
        question = _("How did we do? Rate our help from 1 to 5:")
    if channel in SHORT_CHANNELS:
        return f"{question} {link}"
    greeting = _("Dear %(name)s,") % {"name": name}
    closing = _("One tap, no login. Thank you for helping us get better.")
    return f"{greeting}\n\n{question}\n{link}\n\n{closing}"
