from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "cdnet.impact"
    label = "impact"
    verbose_name = "Impact"
