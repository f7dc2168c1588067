"""What the messaging app adds: the "sms" and "messenger" transports (core channels), the
identity kinds of Telegram-compatible bot APIs and generic webhooks, its pages, API,
webhooks and matrix entries."""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, Mount

DECLARED = Declarations(
    event_verbs={
        "messaging.account_created": _("connected a messaging account"),
        "messaging.account_changed": _("changed a messaging account"),
        "messaging.template_saved": _("saved a message template"),
        "messaging.media_dropped": _("a file the customer sent was not kept"),
    },
    identity_kinds={
        "bale": _("Bale"),
        "botapi": _("Bot user (Telegram-compatible)"),
        "webhook": _("Webhook sender"),
    },
    transports={
        "sms": "hamdel.messaging.transport:send",
        "messenger": "hamdel.messaging.transport:send",
    },
    matrix="hamdel.messaging.tests.matrix",
    urls=[Mount("messaging/", "hamdel.messaging.urls")],
    api_routers=[Mount("/messaging", "hamdel.messaging.api:router")],
)
