from django.urls import path

from hamdel.api import views

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke", views.revoke, name="revoke-token"),
]
