from django.apps import AppConfig


class AccommodationConfig(AppConfig):
    name = "concord.accommodation"
    label = "accommodation"
    verbose_name = "Housing and safe accommodation"
