"""The widget's texts in each language, put inside /chat/widget.js (no further request).

Translated by the gettext catalogues like every other string (locale/)."""

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TEXTS: dict[str, Promise] = {
    "launcher": _("Talk to a person"),
    "title": _("Chat with us"),
    "close": _("Close the chat"),
    "placeholder": _("Write your message…"),
    "send": _("Send"),
    "attach": _("Attach a file"),
    "connecting": _("Connecting…"),
    "open": _("A person will answer you here. Write your message."),
    "nobody": _("Nobody is available to chat right now."),
    "closed": _("We are outside our working hours right now."),
    "offer": _("Leave a message with your email or phone number, and we will answer you there."),
    "no_answer": _("Nobody has answered yet. We are sorry for the wait."),
    "keep_waiting": _("Keep waiting"),
    "leave": _("Leave a message"),
    "contact": _("Your email or phone number"),
    "message": _("Your message"),
    "left_email": _("Thank you. We will answer you by email."),
    "left_phone": _("Thank you. We will answer you by text message."),
    "joined": _("%(name)s has joined the chat."),
    "typing": _("Typing…"),
    "read": _("Read"),
    "sent": _("Sent"),
    "you": _("You"),
    "refused": _("The chat cannot connect from this page."),
    "reconnecting": _("Connection lost. Reconnecting…"),
    "too_fast": _("You are sending messages too quickly. Please wait a moment."),
    "too_large": _("This message is too long."),
    "upload_failed": _("The file could not be sent."),
    "language": _("Language"),
}


def widget_texts() -> dict[str, dict[str, str]]:
    """{language: {key: text}} for every language Hamdel speaks, plus each language's name
    in itself and its direction."""
    result: dict[str, dict[str, str]] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts = {key: str(text) for key, text in TEXTS.items()}
            texts["_name"] = translation.get_language_info(code)["name_local"]
            texts["_dir"] = "rtl" if translation.get_language_bidi() else "ltr"
        result[code] = texts
    return result
