from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "concord.reporting"
    label = "reporting"
    verbose_name = "Reporting"
