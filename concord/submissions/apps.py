from datetime import timedelta

from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "concord.submissions"
    label = "submissions"
    verbose_name = "Partnership data submissions"

    def ready(self) -> None:
        from concord.core import maintenance
        from concord.core.home_panels import PANELS
        from concord.submissions import home as home_panels
        from concord.submissions.tasks import resume_stale_submissions

        maintenance.register(
            "resume_stale_submissions", resume_stale_submissions, every=timedelta(minutes=1)
        )
        PANELS.register(home_panels.SUBMISSIONS_DUE)
