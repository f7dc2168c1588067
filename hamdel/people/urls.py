from django.urls import path

from hamdel.people import views

urlpatterns = [
    path("staff/", views.staff, name="staff"),
    path("staff/invite", views.invite, name="invite"),
    path("staff/<int:pk>/", views.agent, name="agent"),
    path("staff/<int:pk>/access", views.agent_access, name="agent-access"),
    path("teams/", views.teams, name="teams"),
    path("teams/<int:pk>/", views.team, name="team"),
    path("settings/", views.organisation, name="organisation"),
]
