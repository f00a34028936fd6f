from datetime import timedelta

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "concord.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from concord.cases.tasks import resume_stale_imports
        from concord.core import maintenance

        maintenance.register(
            "resume_stale_imports", resume_stale_imports, every=timedelta(minutes=1)
        )
