from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "concord.programmes"
    label = "programmes"
    verbose_name = "Family service and perpetrator programme"

    def ready(self) -> None:
        from concord.cases.case_page import SECTIONS
        from concord.cases.importing import register_kinds
        from concord.people.personal_data import HOLDINGS
        from concord.programmes import holding, importing, presenters

        register_kinds(40, *importing.KINDS)  # after the people and cases they belong to
        SECTIONS.register(presenters.CASE_SECTION)
        HOLDINGS.register(holding.HOLDING)
        from concord.programmes import chronology

        chronology.register_kinds()
