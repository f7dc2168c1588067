from django.urls import path

from hamdel.mail import views

urlpatterns = [
    path("mailboxes/", views.mailboxes, name="mail-mailboxes"),
    path("mailboxes/new", views.mailbox, name="mail-mailbox-new"),
    path("mailboxes/<int:pk>/", views.mailbox, name="mail-mailbox"),
    path("messages/<int:message_id>/html", views.message_html, name="mail-message-html"),
]
