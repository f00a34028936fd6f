from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "concord.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from concord.core.alerts import FACTS
        from concord.people import alerts, holding
        from concord.people.personal_data import HOLDINGS

        FACTS.register("people", alerts.facts)

        HOLDINGS.register(holding.HOLDING)
