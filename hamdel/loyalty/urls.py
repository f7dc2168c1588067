"""The loyalty pages, mounted at /loyalty/ by the app's declarations."""

from django.urls import path

from hamdel.loyalty import views

urlpatterns = [
    path("", views.home, name="loyalty"),
    path("thanks/", views.thank_you_templates, name="loyalty-thanks"),
    path("conversations/<int:pk>/coupon", views.give_coupon, name="loyalty-give-coupon"),
    path("conversations/<int:pk>/points", views.give_points, name="loyalty-give-points"),
    path("conversations/<int:pk>/extra-mile", views.extra_mile, name="loyalty-extra-mile"),
    path("raffles/new", views.open_raffle, name="loyalty-raffle-open"),
    path("raffles/<int:raffle_id>/close", views.close_raffle, name="loyalty-raffle-close"),
    path("raffles/<int:raffle_id>/draw", views.draw_raffle, name="loyalty-raffle-draw"),
]
