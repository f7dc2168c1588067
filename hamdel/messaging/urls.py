from django.urls import path

from hamdel.messaging import views

# Mounted at messaging/ by the app's declarations.
urlpatterns = [
    path("hooks/<str:kind>/<str:hook>/", views.hook, name="messaging-hook"),
    path("hooks/<str:kind>/<str:hook>/status", views.hook, name="messaging-status"),
    path("accounts/", views.account_list, name="messaging-accounts"),
    path("accounts/new", views.account_new, name="messaging-account-new"),
    path("accounts/<int:pk>/", views.account_detail, name="messaging-account"),
    path("conversations/<int:pk>/template", views.send_template, name="messaging-send-template"),
]
