"""The value pages, mounted at /value/ by the app's declarations."""

from django.urls import path

from hamdel.value import views

urlpatterns = [
    path("", views.home, name="value"),
    path("fit", views.fit, name="value-fit"),
    path("cutoffs", views.cutoffs, name="value-cutoffs"),
    path("imports", views.upload, name="value-upload"),
    path("imports/<int:pk>/", views.import_page, name="value-import"),
    path("imports/<int:pk>/progress", views.import_progress, name="value-import-progress"),
    path("customers/<int:pk>/tier", views.set_tier, name="value-set-tier"),
    path("customers/<int:pk>/tier/clear", views.clear_tier, name="value-clear-tier"),
]
