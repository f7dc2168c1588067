from django.urls import path

from hamdel.lib.tests.tinyapp import views

urlpatterns = [path("", views.waves, name="tiny-waves")]
