from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Customer


class Keepsake(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"keepsake of {self.customer_id}"
