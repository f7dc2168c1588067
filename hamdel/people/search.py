"""The text a customer search hit is shown with: the customer card (see declarations.py)."""

from hamdel.people.models import Customer, Identity


def customer_texts(ids: list[int]) -> dict[int, str]:
    """Name, then every identity as the customer wrote it, joined with " · "."""
    cards = {
        pk: [name] for pk, name in Customer.objects.filter(pk__in=ids).values_list("pk", "name")
    }
    identities = Identity.objects.filter(customer_id__in=ids).order_by("pk")
    for customer_id, value, display in identities.values_list("customer_id", "value", "display"):
        cards.setdefault(customer_id, []).append(display or value)
    return {pk: " · ".join(parts) for pk, parts in cards.items()}
