from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "concord.people"
    label = "people"
    verbose_name = "People"
