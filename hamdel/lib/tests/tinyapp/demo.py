from typing import Any

from hamdel.lib.tests.tinyapp.actions import send_wave
from hamdel.people.models import Customer

DEMO_WAVE = "Salam from the tiny app's demo"


def load(options: dict[str, Any]) -> None:
    """Run by `hamdel demo` after the core demo: a wave for its first customer."""
    customer = Customer.objects.filter(merged_into=None).order_by("pk").first()
    if customer is not None:
        send_wave(customer, DEMO_WAVE, None)
