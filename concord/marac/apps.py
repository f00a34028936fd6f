from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "concord.marac"
    label = "marac"
    verbose_name = "MARAC"

    def ready(self) -> None:
        from concord.cases import task_rules as case_task_rules
        from concord.cases.case_page import SECTIONS
        from concord.cases.caseload import COLUMNS
        from concord.core.alerts import FACTS
        from concord.core.home_panels import PANELS
        from concord.marac import alerts, caseload, holding, task_rules
        from concord.marac import home as home_panels
        from concord.marac.repeats import repeat_since_referral
        from concord.marac.views import referrals
        from concord.people.personal_data import HOLDINGS
        from concord.risk import repeat_rule

        repeat_rule.register(repeat_since_referral)
        SECTIONS.register(referrals.CASE_SECTION)
        HOLDINGS.register(holding.HOLDING)
        FACTS.register("marac", alerts.facts)
        case_task_rules.register(task_rules.MARAC_ACTION)
        COLUMNS.register(caseload.MARAC)
        PANELS.register(home_panels.MY_NEXT_MARAC)
        PANELS.register(home_panels.MEETING_READINESS)
        from concord.marac import chronology

        chronology.register_kinds()
