"""The promises pages, mounted at /promises/ by the app's declarations."""

from django.urls import path

from hamdel.promises import views

urlpatterns = [
    path("", views.home, name="promises"),
    path("mine/", views.mine, name="my-promises"),
    path("report/", views.report, name="promise-report"),
    path("calendar/", views.calendar, name="promise-calendar"),
    path("conversations/<int:pk>/check", views.check, name="promise-check"),
    path("conversations/<int:pk>/make", views.make, name="promise-make"),
    path("conversations/<int:pk>/slots", views.free_slots, name="appointment-slots"),
    path("conversations/<int:pk>/book", views.book, name="appointment-book"),
    path("<int:promise_id>/keep", views.keep, name="promise-keep"),
    path("<int:promise_id>/cancel", views.cancel, name="promise-cancel"),
    path("appointments/<int:appointment_id>/move", views.move_appointment, name="appointment-move"),
    path(
        "appointments/<int:appointment_id>/cancel",
        views.cancel_appointment,
        name="appointment-cancel",
    ),
]
