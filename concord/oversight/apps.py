from datetime import timedelta

from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "concord.oversight"
    label = "oversight"
    verbose_name = "Oversight"

    def ready(self) -> None:
        from concord.core import maintenance
        from concord.oversight.evaluation import evaluate_alert_rules

        maintenance.register(
            "evaluate_alert_rules", evaluate_alert_rules, every=timedelta(minutes=1)
        )
