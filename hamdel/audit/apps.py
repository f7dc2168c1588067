from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hamdel.audit"
    verbose_name = "Audit trail"
