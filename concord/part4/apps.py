from django.apps import AppConfig


class Part4Config(AppConfig):
    name = "concord.part4"
    label = "part4"
    verbose_name = "Safe accommodation duty (Domestic Abuse Act Part 4)"

    def ready(self) -> None:
        from concord.core.home_panels import PANELS
        from concord.part4 import home

        PANELS.register(home.PART4_RETURN)
