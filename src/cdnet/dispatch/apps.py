from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "cdnet.dispatch"
    label = "dispatch"
    verbose_name = "Dispatch"
