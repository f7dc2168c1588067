"""The staffing pages, mounted at /staffing/ by the app's declarations."""

from django.urls import path

from hamdel.staffing import views

urlpatterns = [
    path("", views.overview, name="staffing"),
    path("me/", views.my_day, name="staffing-me"),
    path("waiting/", views.waiting, name="staffing-queue"),
    path("presence", views.presence, name="staffing-presence"),
    path("pulse", views.pulse, name="staffing-pulse"),
    path("items/<int:item_id>/decline", views.decline, name="staffing-decline"),
    path("teams/<int:team_id>/", views.team, name="staffing-team"),
    path("teams/<int:team_id>/settings", views.team_settings, name="staffing-team-settings"),
    path("teams/<int:team_id>/shifts", views.add_shift, name="staffing-shift-add"),
    path("shifts/<int:shift_id>/remove", views.remove_shift, name="staffing-shift-remove"),
]
