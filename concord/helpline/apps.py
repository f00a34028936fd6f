from django.apps import AppConfig


class HelplineConfig(AppConfig):
    name = "concord.helpline"
    label = "helpline"
    verbose_name = "Helpline calls"

    def ready(self) -> None:
        from concord.helpline import rules  # noqa: F401 - registers the rules
