from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cdnet.cases"
    label = "cases"
    verbose_name = "Cases"
