from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "concord.referrals"
    label = "referrals"
    verbose_name = "Referrals and consent"

    def ready(self) -> None:
        from concord.cases.case_page import SECTIONS
        from concord.cases.importing import register_kinds
        from concord.people.personal_data import HOLDINGS
        from concord.referrals import holding, importing, views

        register_kinds(20, *importing.KINDS)  # after the cases they are made from
        SECTIONS.register(views.CASE_SECTION)
        HOLDINGS.register(holding.HOLDING)
        from concord.referrals import chronology

        chronology.register_kinds()
