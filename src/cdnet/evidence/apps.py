from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "cdnet.evidence"
    label = "evidence"
    verbose_name = "Evidence"
