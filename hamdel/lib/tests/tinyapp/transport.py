from hamdel.tickets.actions.delivery import Receipt
from hamdel.tickets.models import Message


def send_smoke(message: Message) -> Receipt:
    """Sends nothing anywhere; the receipt's id shows which transport the message took."""
    return Receipt(provider_id=f"smoke-{message.pk}")
