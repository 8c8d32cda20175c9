from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "cdnet.network"
    label = "network"
    verbose_name = "Network"
