from django.urls import path

from hamdel.tickets import views

urlpatterns = [
    path("conversations/<int:pk>/", views.conversation, name="conversation"),
    path("conversations/<int:pk>/reply", views.reply, name="reply"),
    path("conversations/<int:pk>/note", views.note, name="note"),
    path("conversations/<int:pk>/draft", views.save_draft, name="save-draft"),
    path("conversations/<int:pk>/take", views.take, name="take"),
    path("conversations/<int:pk>/assign", views.assign, name="assign"),
    path("conversations/<int:pk>/properties", views.properties, name="properties"),
    path("conversations/<int:pk>/solve", views.solve, name="solve"),
    path("conversations/<int:pk>/tags", views.tags, name="tags"),
    path("conversations/<int:pk>/collaborators", views.collaborator, name="collaborator"),
    path("conversations/<int:pk>/merge", views.merge, name="merge"),
    path("messages/<int:message_id>/split", views.split, name="split"),
]
