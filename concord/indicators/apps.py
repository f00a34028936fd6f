from datetime import timedelta

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "concord.indicators"
    verbose_name = "Indicators"

    def ready(self) -> None:
        from concord.core import maintenance
        from concord.indicators import signals

        signals.connect()
        maintenance.register(
            "forget_old_indicator_changes", signals.forget_old_changes, every=timedelta(hours=1)
        )
