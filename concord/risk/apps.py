from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "concord.risk"
    label = "risk"
    verbose_name = "Risk"
