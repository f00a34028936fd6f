from django.apps import AppConfig


class DhrConfig(AppConfig):
    name = "concord.dhr"
    label = "dhr"
    verbose_name = "Domestic homicide reviews"
