from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "concord.voice"
    label = "voice"
    verbose_name = "Feedback, complaints and involvement"

    def ready(self) -> None:
        from concord.core.home_panels import PANELS
        from concord.people.personal_data import HOLDINGS
        from concord.voice import holding, home, rules  # noqa: F401 - registers the rules

        PANELS.register(home.OVERDUE_COMPLAINTS)
        HOLDINGS.register(holding.HOLDING)
