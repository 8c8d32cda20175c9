from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cdnet.web"
    label = "web"
    verbose_name = "Web"
