"""The complaints pages, mounted at /complaints/ by the app's declarations."""

from django.urls import path

from hamdel.complaints import views

urlpatterns = [
    path("", views.desk_page, name="complaints"),
    path("root-causes/", views.root_causes, name="complaint-root-causes"),
    path("root-causes/<int:cause_id>/", views.edit_root_cause, name="complaint-root-cause"),
    path("settings/", views.desk_settings, name="complaint-desk"),
    path("alerts/", views.alerts, name="complaint-alerts"),
    path("alerts/<int:alert_id>/", views.alert, name="complaint-alert"),
    path("alerts/<int:alert_id>/decide", views.decide, name="complaint-decide"),
    path("conversations/<int:pk>/resolution", views.record_resolution, name="complaint-resolution"),
]
