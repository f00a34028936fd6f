from datetime import timedelta

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "concord.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django_tasks.signals import log_task_finished, task_finished

        from concord.core import audit, drafts, form_submissions, heartbeat, maintenance, sessions
        from concord.core.worker import log_finished_task

        # django_tasks logs a failed task's exception with its message, which can quote
        # personal data; ours logs the type and frames only.
        task_finished.disconnect(log_task_finished)
        task_finished.connect(log_finished_task, dispatch_uid="concord.core.log_finished_task")
        # Every beat of the worker (15 s): the sealing lag stays under half a minute.
        maintenance.register("seal_audit_events", audit.seal, every=timedelta(seconds=10))
        maintenance.register(
            "forget_old_heartbeats", heartbeat.forget_old_heartbeats, every=timedelta(hours=1)
        )
        maintenance.register(
            "forget_expired_sessions", sessions.forget_expired_sessions, every=timedelta(hours=1)
        )
        maintenance.register(
            "forget_old_form_submissions",
            form_submissions.forget_old_form_submissions,
            every=timedelta(days=1),
        )
        maintenance.register(
            "forget_expired_drafts", drafts.forget_expired_drafts, every=timedelta(hours=1)
        )


class ConcordAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "concord.core.admin_site.ConcordAdminSite"
