"""Huey jobs of the promises app: thin wrappers over its actions; safe to run twice.

Every minute one sweep reminds owners of promises due soon, breaks open promises past due
(once: the state changes under a row lock) and tells the supervisors, and sends the
reminders of appointments coming up.
"""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hamdel.promises import actions, appointments, queries

APPOINTMENT_BATCH = 200  # reminders per sweep; the next minute sends the rest


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]  # huey ships no type hints
def sweep_promises() -> int:
    now = timezone.now()
    swept = actions.sweep_promises(now)
    reminded = [
        pk
        for pk in queries.appointments_to_remind(now, APPOINTMENT_BATCH)
        if appointments.remind_appointment(pk, now)
    ]
    return len(swept.reminded) + len(swept.broken) + len(reminded)
