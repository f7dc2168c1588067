"""The workspace's audit events, called only from workspace.actions."""

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event


def list_exported(actor: User, list_name: str, query: str, rows: int) -> Event:
    return record_event(
        "export.csv",
        subject_type="agent",
        subject_id=actor.pk,
        actor=actor,
        data={"list": list_name, "query": query, "rows": rows},
    )
