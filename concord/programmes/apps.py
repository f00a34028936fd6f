from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "concord.programmes"
    label = "programmes"
    verbose_name = "Family service and perpetrator programme"
