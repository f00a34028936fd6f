from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "concord.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from concord.people import holding
        from concord.people.personal_data import HOLDINGS

        HOLDINGS.register(holding.HOLDING)
