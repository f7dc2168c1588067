from django.urls import path

from hamdel.sla import views

urlpatterns = [
    path("sla/policies/", views.policies, name="sla-policies"),
    path("sla/policies/new", views.policy, name="sla-new-policy"),
    path("sla/policies/<int:pk>/", views.policy, name="sla-policy"),
    path("sla/policies/<int:pk>/move", views.move_policy, name="sla-move-policy"),
    path("sla/policies/<int:pk>/remove", views.remove_policy, name="sla-remove-policy"),
    path("sla/calendars/", views.calendars, name="sla-calendars"),
    path("sla/calendars/<int:pk>/export", views.export_calendar, name="sla-export-calendar"),
    path("sla/calendars/teams", views.team_calendar, name="sla-team-calendar"),
]
