from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cdnet.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from cdnet.search import signals

        signals.connect()
