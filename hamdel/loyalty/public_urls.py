"""The public page of each raffle, mounted at /raffles/: anyone may check a draw."""

from django.urls import path

from hamdel.loyalty import views

urlpatterns = [path("<int:raffle_id>/", views.public_raffle, name="raffle-public")]
