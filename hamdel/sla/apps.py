from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "hamdel.sla"
    verbose_name = "SLA"
