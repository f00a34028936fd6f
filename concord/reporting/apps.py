from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "concord.reporting"
    label = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:
        from concord.core.home_panels import PANELS
        from concord.reporting import home

        PANELS.register(home.BOARD_PACK)
