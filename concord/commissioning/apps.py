from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "concord.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning"
