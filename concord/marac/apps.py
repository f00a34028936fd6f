from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "concord.marac"
    label = "marac"
    verbose_name = "MARAC"

    def ready(self) -> None:
        from concord.cases.case_page import SECTIONS
        from concord.marac import holding
        from concord.marac.repeats import repeat_since_referral
        from concord.marac.views import referrals
        from concord.people.personal_data import HOLDINGS
        from concord.risk import repeat_rule

        repeat_rule.register(repeat_since_referral)
        SECTIONS.register(referrals.CASE_SECTION)
        HOLDINGS.register(holding.HOLDING)
        from concord.marac import chronology

        chronology.register_kinds()
