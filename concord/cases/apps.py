from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "concord.cases"
    label = "cases"
    verbose_name = "Cases"
