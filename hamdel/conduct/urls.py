"""The conduct pages, mounted at /conduct/ by the app's declarations."""

from django.urls import path

from hamdel.conduct import views

urlpatterns = [
    path("exposure/", views.exposure, name="conduct-exposure"),
    path("partings/", views.partings, name="conduct-partings"),
    path("settings/", views.settings_page, name="conduct-settings"),
    path("settings/policy", views.save_policy, name="conduct-policy"),
    path("settings/templates", views.save_template, name="conduct-template"),
    path("settings/terms", views.add_term, name="conduct-term-add"),
    path("settings/terms/<int:term_id>/remove", views.remove_term, name="conduct-term-remove"),
    path("preference", views.preference, name="conduct-preference"),
    path("messages/<int:message_id>/reveal", views.reveal, name="conduct-reveal"),
    path("conversations/<int:pk>/hand-over", views.hand_over, name="conduct-hand-over"),
    path("customers/<int:customer_id>/part-ways", views.propose, name="conduct-propose"),
    path("partings/<int:parting_id>/approve", views.approve, name="conduct-approve"),
    path("partings/<int:parting_id>/reject", views.reject, name="conduct-reject"),
    path("partings/<int:parting_id>/reverse", views.reverse, name="conduct-reverse"),
]
