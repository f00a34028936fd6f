from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "concord.referrals"
    label = "referrals"
    verbose_name = "Referrals and consent"

    def ready(self) -> None:
        from concord.cases import task_rules as case_task_rules
        from concord.cases.case_page import SECTIONS
        from concord.cases.importing import register_kinds
        from concord.core.alerts import SHARING
        from concord.core.home_panels import PANELS
        from concord.people.personal_data import HOLDINGS
        from concord.referrals import alerts, holding, importing, task_rules, views
        from concord.referrals import home as home_panels

        register_kinds(20, *importing.KINDS)  # after the cases they are made from
        SECTIONS.register(views.CASE_SECTION)
        HOLDINGS.register(holding.HOLDING)
        SHARING.register("referrals", alerts.shared_with)
        case_task_rules.register(task_rules.REFERRAL_WAITING)
        PANELS.register(home_panels.WAITING_REFERRALS)
        from concord.referrals import chronology

        chronology.register_kinds()
