from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "concord.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning"

    def ready(self) -> None:
        from concord.commissioning import home as home_panels
        from concord.core.home_panels import PANELS

        PANELS.register(home_panels.RETURNS)
