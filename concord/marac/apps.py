from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "concord.marac"
    label = "marac"
    verbose_name = "MARAC"
