from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "concord.referrals"
    label = "referrals"
    verbose_name = "Referrals and consent"

    def ready(self) -> None:
        from concord.cases.case_page import SECTIONS
        from concord.cases.importing import register_kinds
        from concord.core.alerts import SHARING
        from concord.people.personal_data import HOLDINGS
        from concord.referrals import alerts, holding, importing, views

        register_kinds(20, *importing.KINDS)  # after the cases they are made from
        SECTIONS.register(views.CASE_SECTION)
        HOLDINGS.register(holding.HOLDING)
        SHARING.register("referrals", alerts.shared_with)
