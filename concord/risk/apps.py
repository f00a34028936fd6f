from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "concord.risk"
    label = "risk"
    verbose_name = "Risk"

    def ready(self) -> None:
        from concord.cases.case_page import SECTIONS
        from concord.core.alerts import FACTS
        from concord.people.personal_data import HOLDINGS
        from concord.risk import alerts, holding, views

        SECTIONS.register(views.CASE_SECTION)
        HOLDINGS.register(holding.HOLDING)
        FACTS.register("risk", alerts.facts)
