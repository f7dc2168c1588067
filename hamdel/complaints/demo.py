"""Demo data of the complaints desk, run by `hamdel demo` after the core story: the desk
(its team and SLA policy) and a starting list of root causes, so the story's complaints can
be solved at once. Loaded once."""

from typing import Any

from django.db import transaction

from hamdel.complaints import actions
from hamdel.complaints.models import RootCause

ROOT_CAUSES = [
    ("Billing error", "We charged the wrong amount, or twice"),
    ("Late delivery", "The order came after the promised day"),
    ("Damaged item", "The item arrived broken or damaged"),
    ("Wrong item", "We sent the wrong item, size or colour"),
    ("Staff conduct", "An agent or courier was rude or unhelpful"),
    ("Delivery fee policy", "The customer objects to the delivery fee"),
    ("Website or app fault", "A bug in the website or the app"),
]


def load(options: dict[str, Any]) -> None:
    if RootCause.objects.exists():
        return
    with transaction.atomic():
        actions.desk()
        for name, description in ROOT_CAUSES:
            actions.save_root_cause(None, name=name, description=description)
