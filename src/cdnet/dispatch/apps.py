from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "cdnet.dispatch"
    label = "dispatch"
    verbose_name = "Dispatch"

    def ready(self) -> None:
        # These modules register their message renderers and periodic jobs when imported.
        from cdnet.dispatch import notices, reminders, rrs  # noqa: F401
