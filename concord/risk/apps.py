from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "concord.risk"
    label = "risk"
    verbose_name = "Risk"

    def ready(self) -> None:
        from concord.cases.case_page import SECTIONS
        from concord.people.personal_data import HOLDINGS
        from concord.risk import holding, views

        SECTIONS.register(views.CASE_SECTION)
        HOLDINGS.register(holding.HOLDING)
        from concord.risk import chronology

        chronology.register_kinds()
