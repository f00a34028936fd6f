from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "concord.risk"
    label = "risk"
    verbose_name = "Risk"

    def ready(self) -> None:
        from concord.cases.case_page import SECTIONS
        from concord.risk import views

        SECTIONS.register(views.CASE_SECTION)
