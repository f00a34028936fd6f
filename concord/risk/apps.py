from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "concord.risk"
    label = "risk"
    verbose_name = "Risk"

    def ready(self) -> None:
        from concord.cases import task_rules as case_task_rules
        from concord.cases.case_page import SECTIONS
        from concord.cases.caseload import COLUMNS
        from concord.core.alerts import FACTS
        from concord.core.home_panels import PANELS
        from concord.people.personal_data import HOLDINGS
        from concord.risk import alerts, caseload, holding, task_rules, views
        from concord.risk import home as home_panels

        SECTIONS.register(views.CASE_SECTION)
        HOLDINGS.register(holding.HOLDING)
        FACTS.register("risk", alerts.facts)
        case_task_rules.register(task_rules.DASH_REASSESSMENT)
        case_task_rules.register(task_rules.DASH_AFTER_INCIDENT)
        COLUMNS.register(caseload.RISK)
        PANELS.register(home_panels.MY_CASES_BY_RISK)
        from concord.risk import chronology

        chronology.register_kinds()
