"""The authors' pages, mounted at /knowledge/ by the app's declarations."""

from django.urls import path

from hamdel.knowledge import views

urlpatterns = [
    path("", views.articles, name="knowledge"),
    path("new/", views.new_article, name="knowledge-new"),
    path("<int:article_id>/<str:language>/", views.edit_article, name="knowledge-edit"),
    path("translations/<int:translation_id>/", views.open_translation, name="knowledge-open"),
    path("translations/<int:translation_id>/history/", views.history, name="knowledge-history"),
    path("versions/<int:version_id>/restore", views.restore, name="knowledge-restore"),
    path("preview", views.preview, name="knowledge-preview"),
    path("images", views.upload_image, name="knowledge-image"),
    path("macros/", views.macros, name="knowledge-macros"),
    path("macros/new/", views.edit_macro, name="knowledge-macro-new"),
    path("macros/<int:macro_id>/", views.edit_macro, name="knowledge-macro"),
    path("macros/<int:macro_id>/delete", views.delete_macro, name="knowledge-macro-delete"),
    path("macros/<int:macro_id>/apply/<int:pk>", views.apply_macro, name="knowledge-macro-apply"),
]
