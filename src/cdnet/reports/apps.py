from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cdnet.reports"
    label = "reports"
    verbose_name = "Reports"
