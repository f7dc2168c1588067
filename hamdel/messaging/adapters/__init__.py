"""One adapter per account kind; see base.py for the interface."""

from hamdel.messaging.adapters.base import Adapter
from hamdel.messaging.adapters.sms import SmsAdapter
from hamdel.messaging.adapters.telegram import TelegramAdapter
from hamdel.messaging.adapters.webhook import WebhookAdapter
from hamdel.messaging.adapters.whatsapp import WhatsAppAdapter
from hamdel.messaging.models import Account, Kind

ADAPTERS: dict[str, Adapter] = {
    Kind.SMS: SmsAdapter(),
    Kind.TELEGRAM: TelegramAdapter(),
    Kind.WHATSAPP: WhatsAppAdapter(),
    Kind.WEBHOOK: WebhookAdapter(),
}


def adapter_of(account: Account) -> Adapter:
    return ADAPTERS[account.kind]
