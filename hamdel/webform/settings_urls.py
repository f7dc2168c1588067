from django.urls import path

from hamdel.webform import views

# Mounted at webforms/ by the app's declarations: administrators' pages.
urlpatterns = [
    path("", views.settings_list, name="webform-settings"),
    path("new", views.settings_edit, name="webform-new"),
    path("<slug:slug>/", views.settings_edit, name="webform-edit"),
]
