"""The search index: one row per searchable thing, holding its normalised tokens.

The full-text structures live beside this table and are created per database by the
migrations: an FTS5 table kept in step by triggers on SQLite, a GIN index over
to_tsvector('simple', tokens) on PostgreSQL.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import search_kind_choices


class EntryKind(models.TextChoices):
    MESSAGE = "message", _("message")
    CONVERSATION = "conversation", _("conversation")
    CUSTOMER = "customer", _("customer")
    NOTE = "note", _("internal note")


class SearchEntry(models.Model):
    # Plain integers, not foreign keys: the text app sits below tickets and people in
    # the dependency order, and the index is rebuilt from them, never the reverse.
    kind = models.CharField(_("kind"), max_length=16, choices=search_kind_choices)
    object_id = models.BigIntegerField(_("object id"))
    # The conversation a message, note or conversation entry belongs to, for
    # permissions; empty for customers.
    conversation_id = models.BigIntegerField(_("conversation id"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))  # recency breaks ties in ranking
    tokens = models.TextField(_("tokens"), blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]
        indexes = [
            models.Index(fields=["conversation_id"], name="search_entry_conv_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
