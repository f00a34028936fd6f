from datetime import timedelta

from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "concord.linkage"
    label = "linkage"
    verbose_name = "Record linkage"

    def ready(self) -> None:
        from concord.core import maintenance
        from concord.linkage.tasks import fail_abandoned_runs

        maintenance.register(
            "fail_abandoned_linkage_runs", fail_abandoned_runs, every=timedelta(minutes=1)
        )
