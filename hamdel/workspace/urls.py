"""The workspace's own pages, and Django's login and password views with our templates."""

from django.contrib.auth import views as auth
from django.urls import path
from django.utils.translation import gettext_lazy as _

from hamdel.workspace import conversation_views, customer_views, views
from hamdel.workspace.auth_views import InvitationConfirmView, ResetConfirmView, ResetRequestView

FORM = "workspace/auth_form.html"
REVOKES_TOKENS = _("Changing your password also revokes your API tokens.")

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth.LoginView.as_view(
            template_name=FORM,
            redirect_authenticated_user=True,
            extra_context={
                "title": _("Log in"),
                "submit_label": _("Log in"),
                "show_reset_link": True,
            },
        ),
        name="login",
    ),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path(
        "password/reset/",
        ResetRequestView.as_view(
            template_name=FORM,
            email_template_name="workspace/password_reset_email.txt",
            subject_template_name="workspace/password_reset_subject.txt",
            extra_context={
                "title": _("Reset your password"),
                "intro": _("We will email you a link to choose a new password."),
                "submit_label": _("Send the link"),
            },
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth.PasswordResetDoneView.as_view(
            template_name=FORM,
            extra_context={
                "title": _("Check your email"),
                "intro": _(
                    "If an account has this address, a link to reset its password is on its way."
                ),
                "show_login_link": True,
            },
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        ResetConfirmView.as_view(
            template_name=FORM,
            extra_context={
                "title": _("Choose a new password"),
                "intro": REVOKES_TOKENS,
                "submit_label": _("Save"),
            },
        ),
        name="password_reset_confirm",
    ),
    path(
        "invitation/<uidb64>/<token>/",
        InvitationConfirmView.as_view(
            template_name=FORM,
            extra_context={"title": _("Choose your password"), "submit_label": _("Save")},
        ),
        name="invitation_confirm",
    ),
    path(
        "password/reset/done/",
        auth.PasswordResetCompleteView.as_view(
            template_name=FORM,
            extra_context={"title": _("Your password is set"), "show_login_link": True},
        ),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        auth.PasswordChangeView.as_view(
            template_name=FORM,
            extra_context={
                "title": _("Change my password"),
                "intro": REVOKES_TOKENS,
                "submit_label": _("Save"),
            },
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth.PasswordChangeDoneView.as_view(
            template_name=FORM, extra_context={"title": _("Your password is changed")}
        ),
        name="password_change_done",
    ),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/export.csv", views.export_csv, name="export-csv"),
    path("inbox/bulk", views.bulk, name="bulk"),
    path("inbox/views", views.save_view, name="save-view"),
    path("inbox/views/<int:view_id>/delete", views.delete_saved_view, name="delete-saved-view"),
    path("language", views.switch_language, name="switch-language"),
    path("me/", views.preferences, name="preferences"),
    path("audit/", views.audit, name="audit"),
    path("search/", views.search, name="search"),
    # The conversation and customer pages (URL names kept from when tickets and people
    # had them).
    path("conversations/<int:pk>/", conversation_views.conversation, name="conversation"),
    path("conversations/<int:pk>/reply", conversation_views.reply, name="reply"),
    path("conversations/<int:pk>/note", conversation_views.note, name="note"),
    path("conversations/<int:pk>/draft", conversation_views.save_draft, name="save-draft"),
    path("conversations/<int:pk>/take", conversation_views.take, name="take"),
    path("conversations/<int:pk>/assign", conversation_views.assign, name="assign"),
    path("conversations/<int:pk>/properties", conversation_views.properties, name="properties"),
    path("conversations/<int:pk>/solve", conversation_views.solve, name="solve"),
    path("conversations/<int:pk>/tags", conversation_views.tags, name="tags"),
    path(
        "conversations/<int:pk>/collaborators", conversation_views.collaborator, name="collaborator"
    ),
    path("conversations/<int:pk>/merge", conversation_views.merge, name="merge"),
    path("messages/<int:message_id>/split", conversation_views.split, name="split"),
    path(
        "messages/<int:message_id>/retry",
        conversation_views.retry_delivery,
        name="retry-delivery",
    ),
    path("customers/", customer_views.customers, name="customers"),
    path("customers/<int:pk>/", customer_views.customer, name="customer"),
    path("customers/<int:pk>/edit", customer_views.edit_customer, name="edit-customer"),
    path("customers/<int:pk>/identities", customer_views.add_identity, name="add-identity"),
    path(
        "customers/<int:pk>/identities/<int:identity_id>/remove",
        customer_views.remove_identity,
        name="remove-identity",
    ),
    path("customers/<int:pk>/merge", customer_views.merge_customer, name="merge-customer"),
    path(
        "customers/<int:pk>/unmerge/<int:event_id>",
        customer_views.unmerge_customer,
        name="unmerge-customer",
    ),
]
