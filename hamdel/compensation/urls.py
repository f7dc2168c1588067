"""The compensation pages, mounted at /compensation/ by the app's declarations."""

from django.urls import path

from hamdel.compensation import views

urlpatterns = [
    path("approvals/", views.approvals, name="compensation-approvals"),
    path("limits/", views.limits_page, name="compensation-limits"),
    path(
        "conversations/<int:pk>/request",
        views.request_compensation,
        name="compensation-request",
    ),
    path("<int:compensation_id>/approve", views.approve, name="compensation-approve"),
    path("<int:compensation_id>/reject", views.reject, name="compensation-reject"),
    path("<int:compensation_id>/paid", views.mark_paid, name="compensation-paid"),
]
