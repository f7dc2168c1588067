"""The .ics invitation of an appointment (RFC 5545, the icalendar library).

One UID per appointment and a SEQUENCE bumped on every change, so the customer's calendar
program replaces the earlier invitation; a cancellation is METHOD:CANCEL.
"""

from datetime import datetime

from icalendar import Calendar, Event

from hamdel.promises.models import Appointment, AppointmentState

PRODUCT_ID = "-//Hamdel//Appointments//EN"


def invitation_ics(
    appointment: Appointment, summary: str, description: str, now: datetime
) -> bytes:
    cancelled = appointment.state == AppointmentState.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", appointment.uid)
    event.add("dtstamp", now)
    event.add("dtstart", appointment.start)
    event.add("dtend", appointment.end)
    event.add("sequence", appointment.sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    language = {"LANGUAGE": appointment.language or "en"}
    event.add("summary", summary, parameters=language)
    event.add("description", description, parameters=language)
    calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics
