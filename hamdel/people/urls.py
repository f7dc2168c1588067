from django.urls import path

from hamdel.people import views

urlpatterns = [
    path("customers/", views.customers, name="customers"),
    path("customers/<int:pk>/", views.customer, name="customer"),
    path("customers/<int:pk>/edit", views.edit_customer, name="edit-customer"),
    path("customers/<int:pk>/identities", views.add_identity, name="add-identity"),
    path(
        "customers/<int:pk>/identities/<int:identity_id>/remove",
        views.remove_identity,
        name="remove-identity",
    ),
    path("customers/<int:pk>/merge", views.merge_customer, name="merge-customer"),
    path(
        "customers/<int:pk>/unmerge/<int:event_id>", views.unmerge_customer, name="unmerge-customer"
    ),
    path("staff/", views.staff, name="staff"),
    path("staff/invite", views.invite, name="invite"),
    path("staff/<int:pk>/", views.agent, name="agent"),
    path("staff/<int:pk>/access", views.agent_access, name="agent-access"),
    path("teams/", views.teams, name="teams"),
    path("teams/<int:pk>/", views.team, name="team"),
    path("settings/", views.organisation, name="organisation"),
]
