from django.apps import AppConfig


class AccommodationConfig(AppConfig):
    name = "concord.accommodation"
    label = "accommodation"
    verbose_name = "Housing and safe accommodation"

    def ready(self) -> None:
        from concord.accommodation import holding, home, importing, presenters
        from concord.cases.case_page import SECTIONS
        from concord.cases.importing import register_kinds
        from concord.core.home_panels import PANELS
        from concord.people.personal_data import HOLDINGS

        register_kinds(30, *importing.KINDS)  # after the cases they belong to
        SECTIONS.register(presenters.CASE_SECTION)
        SECTIONS.register(presenters.STAY_SECTION)
        PANELS.register(home.VACANCIES)
        HOLDINGS.register(holding.HOLDING)
        from concord.accommodation import chronology

        chronology.register_kinds()
