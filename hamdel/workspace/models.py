"""UI-only state of the workspace: each agent's saved inbox views and reply drafts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedView(models.Model):
    """A named inbox query (view, filters and sort, as a query string) of one agent."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="saved_views",
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("query"), max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Draft(models.Model):
    """An unsent reply, saved as the agent types so a reload or crash loses nothing."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="drafts",
    )
    conversation = models.ForeignKey(
        "tickets.Conversation",
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    body = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(fields=["author", "conversation"], name="draft_unique_author")
        ]

    def __str__(self) -> str:
        return f"draft {self.author_id}/{self.conversation_id}"
