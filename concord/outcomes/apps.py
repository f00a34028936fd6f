from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "concord.outcomes"
    label = "outcomes"
    verbose_name = "Outcome measures"

    def ready(self) -> None:
        from concord.cases import task_rules as case_task_rules
        from concord.cases.case_page import SECTIONS
        from concord.outcomes import rules, task_rules, views  # noqa: F401 - rules registers

        SECTIONS.register(views.CASE_SECTION)
        case_task_rules.register(task_rules.FOLLOW_UP_RULE)
