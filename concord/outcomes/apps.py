from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "concord.outcomes"
    label = "outcomes"
    verbose_name = "Outcome measures"
