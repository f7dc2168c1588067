"""What the tickets app adds: its event verbs, channels, and search entry kinds."""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, SearchKind

DECLARED = Declarations(
    event_verbs={
        "conversation.opened": _("opened the conversation"),
        "conversation.status": _("changed the status"),
        "conversation.assigned": _("assigned the conversation"),
        "conversation.priority": _("changed the priority"),
        "conversation.category": _("changed the category"),
        "conversation.subject": _("changed the subject"),
        "conversation.language": _("changed the language"),
        "conversation.tags": _("changed the tags"),
        "conversation.collaborator_added": _("added a collaborator"),
        "conversation.collaborator_removed": _("removed a collaborator"),
        "conversation.merged_into": _("merged this conversation into another"),
        "conversation.merged_from": _("merged another conversation into this one"),
        "conversation.split_from": _("split a message into a new conversation"),
        "message.inbound": _("message from the customer"),
        "message.outbound": _("reply to the customer"),
        "message.moved": _("moved a message to another conversation"),
        "message.delivered": _("the reply was delivered"),
        "message.delivery_failed": _("the reply could not be delivered"),
        "message.delivery_retried": _("retried delivering the reply"),
        "note.added": _("wrote an internal note"),
    },
    # The ways customers reach us that the core knows; channel apps add their own.
    channels={
        "email": _("Email"),
        "phone": _("Phone"),
        "chat": _("Chat"),
        "sms": _("SMS"),
        "messenger": _("Messenger"),
        "web": _("Web form"),
        "api": _("API"),
    },
    job_modules=["hamdel.tickets.jobs"],
    search_kinds={
        "message": SearchKind(_("message"), "hamdel.tickets.search:message_texts"),
        "note": SearchKind(_("internal note"), "hamdel.tickets.search:note_texts"),
        "conversation": SearchKind(_("conversation"), "hamdel.tickets.search:conversation_texts"),
    },
)
