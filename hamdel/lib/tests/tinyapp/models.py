from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Customer


class Wave(models.Model):
    """A greeting sent to a customer: a row of this app that points at a customer."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    def __str__(self) -> str:
        return self.text
