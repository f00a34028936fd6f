from datetime import timedelta

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "concord.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from concord.cases import (
            alerts,
            caseload,
            holding,
            home,
            importing,
            search,
            task_rules,
            views,
            views_children,
            views_tasks,
        )
        from concord.cases.case_page import SECTIONS
        from concord.cases.caseload import COLUMNS
        from concord.cases.tasks import resume_stale_imports
        from concord.core import maintenance
        from concord.core.alerts import FACTS
        from concord.core.home_panels import PANELS
        from concord.people import person_page
        from concord.people.personal_data import HOLDINGS
        from concord.people.search import REFERENCES

        maintenance.register(
            "resume_stale_imports", resume_stale_imports, every=timedelta(minutes=1)
        )
        importing.register_kinds(10, *importing.CASE_KINDS)  # first: others refer to them
        SECTIONS.register(views.STATUS_SECTION)
        SECTIONS.register(views_tasks.TASKS_SECTION)
        SECTIONS.register(views_tasks.PLANS_SECTION)
        task_rules.register(task_rules.SAFETY_PLAN_REVIEW)
        PANELS.register(home.MY_TASKS)
        COLUMNS.register(caseload.LAST_CONTACT)
        COLUMNS.register(caseload.NEXT_TASK)
        PANELS.register(home.TEAM_WORKLOAD)
        maintenance.register("set_rule_tasks", task_rules.run_all, every=timedelta(minutes=10))
        SECTIONS.register(views.SUPPORT_SECTION)
        SECTIONS.register(views_children.CHILDREN_SECTION)
        person_page.SECTIONS.register(views.PERSON_SECTION)
        HOLDINGS.register(holding.HOLDING)
        FACTS.register("cases", alerts.facts)
        REFERENCES.register("case_reference", search.matches_case_reference)
        from concord.cases import chronology

        chronology.register_kinds()
