"""What the promises app adds: event verbs, notifications, jobs, pages and API routes."""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, Mount

REMINDER = "promise_due"
OVERDUE = "promise_overdue"
APPOINTMENT_REMINDER = "appointment_soon"

DECLARED = Declarations(
    event_verbs={
        "promise.made": _("made a promise"),
        "promise.kept": _("kept a promise"),
        "promise.broken": _("a promise was broken"),
        "promise.cancelled": _("cancelled a promise"),
        "promise.assigned": _("gave a promise its owner"),
        "promise.reminded": _("reminded the owner of a promise"),
        "promise.escalated": _("told the supervisors of a broken promise"),
        "appointment.booked": _("booked an appointment"),
        "appointment.rescheduled": _("rescheduled an appointment"),
        "appointment.cancelled": _("cancelled an appointment"),
        "appointment.reminded": _("sent an appointment reminder"),
    },
    notification_kinds={
        REMINDER: _("A promise is due soon"),
        OVERDUE: _("A promise is overdue"),
        APPOINTMENT_REMINDER: _("An appointment is coming up"),
    },
    job_modules=["hamdel.promises.jobs"],
    matrix="hamdel.promises.tests.matrix",
    demo="hamdel.promises.demo:load",
    urls=[Mount("promises/", "hamdel.promises.urls")],
    api_routers=[Mount("/", "hamdel.promises.api:router")],
    customer_facts=["hamdel.promises.facts:facts"],
)
