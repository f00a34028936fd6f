from datetime import timedelta

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "concord.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from concord.cases import holding, importing, views
        from concord.cases.case_page import SECTIONS
        from concord.cases.tasks import resume_stale_imports
        from concord.core import maintenance
        from concord.people import person_page
        from concord.people.personal_data import HOLDINGS

        maintenance.register(
            "resume_stale_imports", resume_stale_imports, every=timedelta(minutes=1)
        )
        importing.register_kinds(10, *importing.CASE_KINDS)  # first: others refer to them
        SECTIONS.register(views.STATUS_SECTION)
        SECTIONS.register(views.SUPPORT_SECTION)
        person_page.SECTIONS.register(views.PERSON_SECTION)
        HOLDINGS.register(holding.HOLDING)
        from concord.cases import chronology

        chronology.register_kinds()
