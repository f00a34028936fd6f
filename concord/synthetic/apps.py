from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "concord.synthetic"
    label = "synthetic"
    verbose_name = "Synthetic data"
