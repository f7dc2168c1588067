from django.urls import path

from hamdel.chat import views

# Mounted at chat/ by the app's declarations.
urlpatterns = [
    path("widget.js", views.widget_script, name="chat-widget-script"),
    path("upload/<int:widget_id>/", views.upload, name="chat-upload"),
    path("widgets/", views.widget_list, name="chat-widgets"),
    path("widgets/new", views.widget_edit, name="chat-widget-new"),
    path("widgets/<int:widget_id>/", views.widget_edit, name="chat-widget"),
    path("desk/", views.desk, name="chat-desk"),
]
