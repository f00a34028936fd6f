from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "concord.strategy"
    label = "strategy"
    verbose_name = "Strategy, delivery plan and risk register"
