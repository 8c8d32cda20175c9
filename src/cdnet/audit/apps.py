from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cdnet.audit"
    label = "audit"
    verbose_name = "Audit log"
