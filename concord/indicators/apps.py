from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "concord.indicators"
    verbose_name = "Indicators"

    def ready(self) -> None:
        from concord.indicators import signals

        signals.connect()
