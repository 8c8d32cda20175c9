from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "cdnet.impact"
    label = "impact"
    verbose_name = "Impact"

    def ready(self) -> None:
        # `cdnet worker` runs the periodic jobs (cdnet.dispatch.periodic) on every cycle; the
        # re-check job enqueues the re-check task when targets are due.
        from cdnet.dispatch import periodic
        from cdnet.impact.recheck.tasks import enqueue_if_due

        periodic.register("rechecks", enqueue_if_due)
