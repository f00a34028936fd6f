from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "concord.marac"
    label = "marac"
    verbose_name = "MARAC"

    def ready(self) -> None:
        from concord.cases.case_page import SECTIONS
        from concord.marac.views import referrals

        SECTIONS.register(referrals.CASE_SECTION)
