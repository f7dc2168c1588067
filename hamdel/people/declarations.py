"""What the people app adds: its event verbs, identity kinds and the customer search kind."""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, SearchKind

DECLARED = Declarations(
    event_verbs={
        "customer.created": _("customer created"),
        "customer.changed": _("changed the customer's profile"),
        "customer.merged": _("merged another customer into this one"),
        "customer.merged_away": _("merged this customer into another"),
        "customer.unmerged": _("undid a customer merge"),
        "identity.added": _("added an identity"),
        "identity.removed": _("removed an identity"),
        "agent.created": _("created a staff account"),
        "agent.changed": _("changed a staff account"),
        "agent.deactivated": _("deactivated a staff account"),
        "agent.reactivated": _("reactivated a staff account"),
        "agent.invited": _("invited a member of staff"),
        "agent.invitation_revoked": _("revoked an invitation"),
        "agent.change_refused": _("was refused a change to a staff account"),
        "team.created": _("created a team"),
        "team.changed": _("changed a team"),
        "organisation.changed": _("changed the organisation settings"),
    },
    # Channel apps add the handles they need (a chat visitor, a bot platform's user id).
    identity_kinds={
        "email": _("Email address"),
        "phone": _("Phone number"),
        "telegram": _("Telegram"),
        "whatsapp": _("WhatsApp"),
        "instagram": _("Instagram"),
        "other": _("Other messenger"),
    },
    search_kinds={
        "customer": SearchKind(
            _("customer"), "hamdel.people.search:customer_texts", in_conversation=False
        ),
    },
)
