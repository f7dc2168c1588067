from django.urls import path

from hamdel.phone import views

# Mounted at phone/ by the app's declarations.
urlpatterns = [
    path("hooks/<str:token>/", views.hook, name="phone-hook"),
    path("", views.desk, name="phone-desk"),
    path("callbacks/", views.callbacks, name="phone-callbacks"),
    path("callbacks/<int:pk>/outcome", views.callback_outcome, name="phone-callback-outcome"),
    path("messages/new", views.message_new, name="phone-message-new"),
    path("messages/<int:pk>/done", views.message_done, name="phone-message-done"),
    path("wallboard/", views.wallboard, name="phone-wallboard"),
    path("integrations/", views.integrations, name="phone-integrations"),
    path("integrations/new", views.integration_new, name="phone-integration-new"),
    path("calls/<int:pk>/attach", views.call_attach, name="phone-call-attach"),
    path("calls/<int:pk>/open", views.call_open, name="phone-call-open"),
]
