from django.db.models import QuerySet

from hamdel.audit.models import Event


def events_of_customer(customer_id: int) -> QuerySet[Event]:
    """Every event on the customer or any of their conversations, newest first."""
    return Event.objects.filter(customer_id=customer_id).select_related("actor")


def events_of_conversation(conversation_id: int) -> QuerySet[Event]:
    return Event.objects.filter(conversation_id=conversation_id).select_related("actor")
