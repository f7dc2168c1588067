"""Every write of the messaging app but what webhooks take in (inbound.py): accounts set up
by administrators, templates, and an agent's template message on WhatsApp."""

import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.messaging import events, queries, secrets
from hamdel.messaging.adapters import adapter_of
from hamdel.messaging.adapters.base import ProviderError
from hamdel.messaging.models import Account, Kind, Template, TemplateUse
from hamdel.people.identities import normalise_phone
from hamdel.people.models import Organisation, Team
from hamdel.tickets.actions import add_message
from hamdel.tickets.models import Conversation, Direction, Message

# Per kind: (settings shown again, secrets never shown, required of both).
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    Kind.SMS: (
        ("account_sid", "from_number"),
        ("auth_token",),
        ("account_sid", "from_number", "auth_token"),
    ),
    Kind.TELEGRAM: (("username",), ("bot_token",), ("bot_token",)),
    Kind.WHATSAPP: (
        ("phone_number_id",),
        ("access_token", "app_secret"),
        ("phone_number_id", "access_token", "app_secret"),
    ),
    Kind.WEBHOOK: (("outbound_url",), (), ()),
}
# Kinds whose webhook secret we generate (Twilio signs with the account's auth token).
GENERATED_SECRET = {Kind.TELEGRAM, Kind.WHATSAPP, Kind.WEBHOOK}
# Bot APIs whose users are known by their own kind; any other base URL's are "botapi".
BOT_IDENTITY_KINDS = {"api.telegram.org": "telegram", "tapi.bale.ai": "bale"}
PLACEHOLDER = re.compile(r"\{\{(\d+)\}\}")


@dataclass(frozen=True)
class Created:
    account: Account
    webhook_url: str
    webhook_secret: str | None  # shown once, now; None where the provider signs with its own


def webhook_url(account: Account) -> str:
    return f"{settings.BASE_URL}/messaging/hooks/{account.kind}/{account.hook}/"


def bot_identity_kind(api_base: str) -> str:
    host = urllib.parse.urlsplit(api_base or "https://api.telegram.org").hostname or ""
    return BOT_IDENTITY_KINDS.get(host, "botapi")


def create_account(
    *,
    kind: str,
    name: str,
    team: Team | None,
    credentials: dict[str, str],
    api_base: str = "",
    reopen_hours: int = 72,
    actor: User | None,
) -> Created:
    """A new account; `credentials` holds its kind's settings and secrets (FIELDS)."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Unknown kind of account.")})
    shown, hidden, required = FIELDS[kind]
    values = {
        key: str(value).strip() for key, value in credentials.items() if value not in (None, "")
    }
    unknown = set(values) - set(shown) - set(hidden)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Not a setting of this kind of account.")})
    for key in required:
        if not values.get(key):
            raise ValidationError({key: _("This is needed for this kind of account.")})
    if kind == Kind.SMS:
        try:
            values["from_number"] = normalise_phone(
                values["from_number"], Organisation.load().phone_region
            )
        except ValidationError as error:
            raise ValidationError({"from_number": error.messages}) from error
    if kind == Kind.WEBHOOK and values.get("outbound_url", "").split(":")[0] not in {
        "",
        "http",
        "https",
    }:
        raise ValidationError({"outbound_url": _("Enter an http or https address.")})
    secret = secrets.new_secret() if kind in GENERATED_SECRET else None
    sealed = {key: values[key] for key in hidden if key in values}
    if secret:
        sealed["webhook_secret"] = secret
    account = Account(
        kind=kind,
        name=name.strip(),
        team=team,
        api_base=api_base.strip(),
        hook=secrets.new_hook(),
        settings={key: values[key] for key in shown if key in values},
        sealed=secrets.seal(sealed),
        identity_kind=_identity_kind(kind, api_base),
        reopen_hours=reopen_hours,
    )
    account.full_clean(exclude=["team", "sealed", "settings"])
    with transaction.atomic():
        account.save()
        if kind == Kind.SMS:
            account.settings["status_callback"] = webhook_url(account) + "status"
            account.save(update_fields=["settings"])
        events.account_saved(account, True, actor)
    if secret:
        _register(account, secret)
    return Created(account, webhook_url(account), secret)


def _identity_kind(kind: str, api_base: str) -> str:
    if kind == Kind.TELEGRAM:
        return bot_identity_kind(api_base)
    return {"sms": "phone", "whatsapp": "whatsapp", "webhook": "webhook"}[kind]


def _register(account: Account, secret: str) -> None:
    """Tell the provider the webhook's address, when the site has a public (https) one."""
    if not settings.BASE_URL.startswith("https://"):
        note = _(
            "Register the webhook address with the provider yourself "
            "(this site has no public https address)."
        )
    else:
        try:
            note = adapter_of(account).register(account, webhook_url(account), secret)
        except ProviderError as error:
            note = _("Registering the webhook failed: %(reason)s") % {"reason": error.reason}
    Account.objects.filter(pk=account.pk).update(webhook_note=note[:500])
    account.webhook_note = note[:500]


def change_account(account: Account, fields: dict[str, Any], actor: User | None) -> Account:
    """Name, team, active, reopen window; a secret given replaces the stored one."""
    shown, hidden, _required = FIELDS[account.kind]
    stored = secrets.unseal(account.sealed)
    for key, value in fields.items():
        if key in {"name", "team", "is_active", "reopen_hours", "api_base"}:
            setattr(account, key, value)
        elif key in shown:
            account.settings[key] = str(value)
        elif key in hidden:
            if value:
                stored[key] = str(value)
        else:
            raise ValidationError({key: _("Not a setting of this kind of account.")})
    account.sealed = secrets.seal(stored)
    account.full_clean(exclude=["team", "sealed", "settings"])
    with transaction.atomic():
        account.save()
        events.account_saved(account, False, actor)
    return account


def save_template(
    account: Account, *, name: str, language: str, body: str, approved: bool, actor: User | None
) -> Template:
    if account.kind != Kind.WHATSAPP:
        raise ValidationError({"name": _("Only WhatsApp accounts have templates.")})
    if not re.fullmatch(r"[a-z0-9_]{1,100}", name):
        raise ValidationError({"name": _("A template name is lower-case letters, digits and _.")})
    with transaction.atomic():
        template, _created = Template.objects.update_or_create(
            account=account,
            name=name,
            language=language.strip() or "en",
            defaults={"body": body, "approved": approved},
        )
        events.template_saved(template, actor)
    return template


def render_template(template: Template, parameters: list[str]) -> str:
    def fill(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return parameters[index] if 0 <= index < len(parameters) else match.group(0)

    return PLACEHOLDER.sub(fill, template.body)


def send_template(
    conversation: Conversation, template: Template, parameters: list[str], actor: User
) -> Message:
    """An agent's template message: the one thing WhatsApp takes outside the 24-hour window."""
    account = queries.account_of_conversation(conversation)
    if account is None or account.pk != template.account_id or not template.approved:
        raise ValidationError({"template": _("This template cannot be sent on this conversation.")})
    needed = {int(number) for number in PLACEHOLDER.findall(template.body)}
    values = [value.strip() for value in parameters][: max(needed, default=0)]
    if len([value for value in values if value]) < len(needed):
        raise ValidationError({"parameters": _("Fill in every value the template needs.")})
    with transaction.atomic():
        message = add_message(
            conversation,
            direction=Direction.OUTBOUND,
            body_text=render_template(template, values),
            author_agent=actor,
            account=account.label,
            actor=actor,
        )
        TemplateUse.objects.create(message=message, template=template, parameters=values)
    return message
