"""The feedback pages, mounted at /feedback/ by the app's declarations. The fixed paths
come first: a survey token never looks like them (it holds colons)."""

from django.urls import path

from hamdel.feedback import views

urlpatterns = [
    path("", views.dashboard, name="feedback"),
    path("campaigns/", views.campaigns, name="feedback-campaigns"),
    path("campaigns/<int:pk>/", views.campaign, name="feedback-campaign"),
    path("campaigns/<int:pk>/progress", views.campaign_progress, name="feedback-campaign-progress"),
    path("campaigns/<int:pk>/cancel", views.cancel_campaign, name="feedback-campaign-cancel"),
    path("settings/", views.survey_settings, name="feedback-settings"),
    path("<str:token>/", views.survey, name="feedback-survey"),
]
