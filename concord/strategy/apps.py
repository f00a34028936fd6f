from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "concord.strategy"
    label = "strategy"
    verbose_name = "Strategy, delivery plan and risk register"

    def ready(self) -> None:
        from concord.core.home_panels import PANELS
        from concord.strategy import home

        PANELS.register(home.AWAITING_APPROVAL)
        PANELS.register(home.OWN_ACTIONS)
