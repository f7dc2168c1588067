from django.urls import path

from hamdel.webform import views

# Mounted at contact/ by the app's declarations.
urlpatterns = [
    path("", views.contact, name="webform-default"),
    path("<slug:slug>/", views.contact, name="webform"),
]
